//! A first-come, first-served queue for writes: commands are decided and committed in the
//! order they were called, even when JS fires several without awaiting each.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// A single-threaded ticket lock. A general async mutex makes no promise about which
/// waiter goes next; this one serves tickets strictly in the order they were taken.
#[derive(Debug, Default)]
pub(crate) struct WriteQueue {
    next_ticket: Cell<u64>,
    now_serving: Cell<u64>,
    waiting: RefCell<BTreeMap<u64, Waker>>,
    abandoned: RefCell<BTreeSet<u64>>,
}

impl WriteQueue {
    /// Waits for this caller's turn; the turn passes on when the returned guard drops.
    pub(crate) async fn acquire(&self) -> Turn<'_> {
        let ticket = self.next_ticket.get();
        self.next_ticket.set(ticket + 1);
        let mut turn = Turn { queue: self, ticket, served: false };
        (&mut turn).await;
        turn
    }

    /// Whether a write holds its turn or waits for one: background work yields to it.
    pub(crate) fn busy(&self) -> bool {
        self.now_serving.get() != self.next_ticket.get()
    }

    fn pass_on(&self, after: u64) {
        let mut next = after + 1;
        {
            let mut abandoned = self.abandoned.borrow_mut();
            while abandoned.remove(&next) {
                next += 1;
            }
        }
        self.now_serving.set(next);
        if let Some(waker) = self.waiting.borrow_mut().remove(&next) {
            waker.wake();
        }
    }
}

/// A place in the queue. Dropped while waiting (the caller's future was dropped), it is
/// skipped; dropped after being served, it hands the turn to the next ticket.
#[derive(Debug)]
pub(crate) struct Turn<'a> {
    queue: &'a WriteQueue,
    ticket: u64,
    served: bool,
}

impl Future for &mut Turn<'_> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let turn = self.get_mut();
        if turn.queue.now_serving.get() == turn.ticket {
            turn.served = true;
            Poll::Ready(())
        } else {
            turn.queue.waiting.borrow_mut().insert(turn.ticket, cx.waker().clone());
            Poll::Pending
        }
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        if self.served || self.queue.now_serving.get() == self.ticket {
            self.queue.pass_on(self.ticket);
        } else {
            self.queue.waiting.borrow_mut().remove(&self.ticket);
            self.queue.abandoned.borrow_mut().insert(self.ticket);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::LocalPool;
    use futures_util::task::LocalSpawnExt;
    use std::rc::Rc;

    /// Yields to the executor once, so that other tasks interleave.
    async fn yield_now() {
        let mut yielded = false;
        std::future::poll_fn(|cx| {
            if yielded {
                Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await;
    }

    #[test]
    fn turns_are_served_in_the_order_they_were_taken() {
        let mut pool = LocalPool::new();
        let queue = Rc::new(WriteQueue::default());
        let log = Rc::new(RefCell::new(Vec::new()));
        for i in 0..6 {
            let (queue, log) = (Rc::clone(&queue), Rc::clone(&log));
            pool.spawner()
                .spawn_local(async move {
                    let _turn = queue.acquire().await;
                    log.borrow_mut().push(format!("start {i}"));
                    // Waiting inside the turn must not let anyone else in.
                    for _ in 0..(6 - i) {
                        yield_now().await;
                    }
                    log.borrow_mut().push(format!("end {i}"));
                })
                .unwrap();
        }
        pool.run();
        let expected: Vec<String> = (0..6).flat_map(|i| [format!("start {i}"), format!("end {i}")]).collect();
        assert_eq!(*log.borrow(), expected);
    }

    #[test]
    fn an_abandoned_place_is_skipped() {
        let queue = WriteQueue::default();
        futures_executor::block_on(async {
            let first = queue.acquire().await;
            let mut second = Box::pin(queue.acquire());
            assert!(futures_util::FutureExt::now_or_never(second.as_mut()).is_none());
            drop(second);
            drop(first);
            let _third = queue.acquire().await;
        });
    }

    #[test]
    fn the_queue_is_busy_while_a_turn_is_held_or_awaited() {
        let queue = WriteQueue::default();
        assert!(!queue.busy());
        futures_executor::block_on(async {
            let first = queue.acquire().await;
            assert!(queue.busy());
            let mut second = Box::pin(queue.acquire());
            assert!(futures_util::FutureExt::now_or_never(second.as_mut()).is_none());
            drop(first);
            assert!(queue.busy(), "the second write waits to be polled");
            second.as_mut().await;
            drop(second);
            assert!(!queue.busy());
            // An abandoned place leaves the queue idle once the turn before it ends.
            let held = queue.acquire().await;
            let mut abandoned = Box::pin(queue.acquire());
            assert!(futures_util::FutureExt::now_or_never(abandoned.as_mut()).is_none());
            drop(abandoned);
            assert!(queue.busy());
            drop(held);
            assert!(!queue.busy());
        });
    }
}
