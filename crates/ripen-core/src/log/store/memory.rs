//! An in-memory [`EventStore`]: for native tests, demos without persistence, and as the
//! reference every other backend is measured against by the conformance suite.

use super::{EventStore, StoreError, Tail};
use crate::log::checkpoint::{Checkpoint, CheckpointSink};
use std::cell::RefCell;
use std::rc::Rc;

/// Clones share one log, so a test can "reopen" the same store after dropping an engine.
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    records: Vec<String>,
    checkpoint: Option<Checkpoint>,
    sync_state: Option<String>,
    injected_failure: Option<StoreError>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the next write (an append or a checkpoint) fail with `error` and store nothing,
    /// as a full disk would.
    pub fn fail_next_write(&self, error: StoreError) {
        self.inner.borrow_mut().injected_failure = Some(error);
    }

    /// A store holding `records` as they are, damaged or not (for tests of reading).
    pub fn with_records(records: Vec<String>) -> Self {
        Self { inner: Rc::new(RefCell::new(Inner { records, ..Inner::default() })) }
    }

    pub fn record_count(&self) -> usize {
        self.inner.borrow().records.len()
    }

    /// Replaces the record at `position` (from 1), as damage or a hand edit would.
    pub fn overwrite_record(&self, position: u64, text: String) {
        let mut inner = self.inner.borrow_mut();
        if let Some(record) = position.checked_sub(1).and_then(|i| inner.records.get_mut(i as usize)) {
            *record = text;
        }
    }

    /// The saved checkpoint, to damage it in tests.
    pub fn checkpoint(&self) -> Option<Checkpoint> {
        self.inner.borrow().checkpoint.clone()
    }

    /// Replaces the saved checkpoint as it is, damaged or not.
    pub fn put_checkpoint(&self, checkpoint: Checkpoint) {
        self.inner.borrow_mut().checkpoint = Some(checkpoint);
    }
}

impl EventStore for MemoryStore {
    async fn append(&self, records: &[String]) -> Result<Vec<u64>, StoreError> {
        let mut inner = self.inner.borrow_mut();
        if let Some(error) = inner.injected_failure.take() {
            return Err(error);
        }
        let first = inner.records.len() as u64 + 1;
        inner.records.extend_from_slice(records);
        Ok((first..first + records.len() as u64).collect())
    }

    async fn load_records(&self, positions: &[u64]) -> Result<Vec<(u64, String)>, StoreError> {
        let inner = self.inner.borrow();
        let at = |position: u64| usize::try_from(position).ok()?.checked_sub(1).and_then(|i| inner.records.get(i));
        Ok(positions.iter().filter_map(|&p| at(p).map(|record| (p, record.clone()))).collect())
    }

    async fn load(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.inner.borrow().records.clone())
    }

    async fn load_checkpoint(&self, sink: &mut dyn CheckpointSink) -> Result<bool, StoreError> {
        let inner = self.inner.borrow();
        let Some(checkpoint) = &inner.checkpoint else { return Ok(false) };
        checkpoint.feed(sink);
        Ok(true)
    }

    async fn save_checkpoint(&self, checkpoint: &Checkpoint) -> Result<(), StoreError> {
        let mut inner = self.inner.borrow_mut();
        if let Some(error) = inner.injected_failure.take() {
            return Err(error);
        }
        inner.checkpoint = Some(checkpoint.clone());
        Ok(())
    }

    async fn load_after(&self, after: u64) -> Result<Tail, StoreError> {
        self.load_page(after, u32::MAX).await
    }

    async fn load_page(&self, after: u64, max: u32) -> Result<Tail, StoreError> {
        let inner = self.inner.borrow();
        let from = usize::try_from(after).unwrap_or(usize::MAX).min(inner.records.len());
        let to = from.saturating_add(max as usize).min(inner.records.len());
        let positions = (from as u64 + 1..=to as u64).collect();
        Ok(Tail {
            records: inner.records[from..to].to_vec(),
            positions,
            unreadable: Vec::new(),
            last: to.max(from) as u64,
        })
    }

    async fn log_end(&self) -> Result<u64, StoreError> {
        Ok(self.inner.borrow().records.len() as u64)
    }

    async fn append_pulled(&self, records: &[String], sync_state: &str) -> Result<Vec<u64>, StoreError> {
        let positions = self.append(records).await?;
        self.inner.borrow_mut().sync_state = Some(sync_state.to_owned());
        Ok(positions)
    }

    async fn save_sync_state(&self, sync_state: &str) -> Result<(), StoreError> {
        let mut inner = self.inner.borrow_mut();
        if let Some(error) = inner.injected_failure.take() {
            return Err(error);
        }
        inner.sync_state = Some(sync_state.to_owned());
        Ok(())
    }

    async fn load_sync_state(&self) -> Result<Option<String>, StoreError> {
        Ok(self.inner.borrow().sync_state.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::conformance::{self, StoreHarness};

    struct Harness;

    impl StoreHarness for Harness {
        type Store = MemoryStore;
        async fn fresh(&mut self) -> MemoryStore {
            MemoryStore::new()
        }
        async fn reopen(&mut self, store: MemoryStore) -> MemoryStore {
            store.clone()
        }
        fn break_next_write(&mut self, store: &MemoryStore) {
            store.fail_next_write(StoreError::Backend { detail: "injected".into() });
        }
    }

    #[test]
    fn memory_store_meets_the_storage_contract() {
        futures_executor::block_on(conformance::run_all(&mut Harness));
    }
}
