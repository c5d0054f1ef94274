package io.github.mediastreams.signalling.session;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's tasks one at a time, in order, on a shared pool, with a bounded backlog. Each session gets
 * its own, so no lock is shared by all sessions and a slow media server call holds up only its own session. A task
 * that throws anything, an {@link Error} included, is logged and the next one runs: a session must never be left
 * unable to release what it holds.
 */
final class SerialExecutor {

	private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final int capacity;

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	SerialExecutor(Executor pool, int capacity) {
		this.pool = pool;
		this.capacity = capacity;
	}

	/** @return false if the backlog is full and the task was not taken */
	synchronized boolean offer(Runnable task) {
		if (this.tasks.size() >= this.capacity) {
			return false;
		}
		enqueue(task);
		return true;
	}

	/** Takes a task whatever the backlog: for the few tasks that must not be lost, such as a release. */
	synchronized void force(Runnable task) {
		enqueue(task);
	}

	private void enqueue(Runnable task) {
		this.tasks.add(task);
		if (!this.running) {
			this.running = true;
			try {
				this.pool.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// The pool is shut down: the application is stopping, and its sessions were ended before.
				this.running = false;
				this.tasks.clear();
				log.debug("A session task was dropped: the session threads are shut down");
			}
		}
	}

	private void drain() {
		while (true) {
			Runnable task;
			synchronized (this) {
				task = this.tasks.poll();
				if (task == null) {
					this.running = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (Throwable ex) { // Errors too: else the session would never run again
				log.error("A session task failed", ex);
			}
		}
	}
}
