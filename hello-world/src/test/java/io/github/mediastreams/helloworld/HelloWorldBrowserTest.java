package io.github.mediastreams.helloworld;

import org.springframework.boot.test.context.SpringBootTest;

import io.github.mediastreams.browser.ExercisePageTest;

/**
 * The hello-world page in headless Chromium (fake camera) over HTTPS, against the KMS double,
 * or against the real Kurento Media Server named by {@code KMS_URL}: then the remote video must
 * play, and the checks only the double can make (its request log, stopping it) are skipped.
 * The tests, and their screenshots {@code hello-world-*.png} (named after
 * {@code spring.application.name}), are {@link ExercisePageTest}'s; hello-world adds no checks of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HelloWorldBrowserTest extends ExercisePageTest {

}
