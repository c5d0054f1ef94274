package io.github.mediastreams.context;

import tools.jackson.databind.node.ObjectNode;

/** Turns an update into the JSON bodies of one API flavour. */
interface PayloadShaper {

    /** Body of the attribute update ({@code PATCH .../attrs}) and of the append fallback ({@code POST .../attrs}). */
    ObjectNode attributes(ContextUpdate update);

    /** Body of the entity creation ({@code POST .../entities}): id, type, descriptive and observed attributes. */
    ObjectNode entity(ContextUpdate update);
}
