package io.github.mediastreams.kurento.transactions;

import org.kurento.client.KurentoClient;
import org.kurento.client.Transaction;
import org.kurento.client.internal.TransactionImpl;
import org.kurento.client.internal.client.RemoteObjectInvocationHandler;
import org.kurento.client.internal.client.RomManager;
import org.kurento.client.internal.client.operation.Operation;

/**
 * Transactions whose object references mean what KMS reads them as.
 *
 * <p>
 * Inside a transaction, an object not yet created is named {@code newref:N}. KMS reads N as the index of the
 * operation whose result it is ({@code ServerMethods::transaction}, {@code injectRefs}); kurento-client 7.3.0 counts
 * the objects created before it instead. The two agree only while every object is created before any other
 * operation: create a pipeline, tag it, then create an endpoint, and the endpoint's reference names the tag's
 * result, so KMS refuses the next operation on it ({@code 'object' parameter is required}) or, worse, applies it to
 * another object. A transaction from {@link #begin(KurentoClient)} numbers its references by operation, so
 * operations may come in any order.
 */
public final class Transactions {

	private Transactions() {
	}

	/**
	 * Begins a transaction, as {@link KurentoClient#beginTransaction()} does, whose references KMS resolves right.
	 * @param client a connected client
	 * @return the transaction; commit it as any other
	 */
	public static Transaction begin(KurentoClient client) {
		// The client's object manager, reached without a request: the server manager's proxy is made locally.
		RomManager manager = RemoteObjectInvocationHandler.getFor(client.getServerManager()).getRomManager();
		return new OperationIndexedTransaction(manager);
	}

	/** kurento-client's transaction, naming each new object after the index of the operation that creates it. */
	private static final class OperationIndexedTransaction extends TransactionImpl {

		private int operations;

		OperationIndexedTransaction(RomManager manager) {
			super(manager);
		}

		@Override
		public synchronized void addOperation(Operation op) {
			super.addOperation(op);
			this.operations++;
		}

		// Called just before the creating operation is added: the reference is that operation's index.
		@Override
		public synchronized String nextObjectRef() {
			return "newref:" + this.operations;
		}
	}
}
