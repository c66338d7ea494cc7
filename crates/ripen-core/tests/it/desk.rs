//! A desk for the tests that run command after command: an engine over a memory store,
//! and a clock that moves a minute a command.

use chrono::{DateTime, TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};

pub(crate) struct Desk {
    pub(crate) engine: Engine<MemoryStore>,
    tick: i64,
}

impl Desk {
    pub(crate) fn new() -> Self {
        let engine = block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(8), "anna".parse().unwrap()));
        Self { engine: engine.unwrap(), tick: 0 }
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(1_760_000_000_000 + self.tick * 60_000).unwrap()
    }

    pub(crate) fn run(&mut self, command: Command) -> Result<Vec<ripen_core::Event>, ripen_core::Error> {
        self.tick += 1;
        block_on(self.engine.execute(command, self.now()))
    }

    pub(crate) fn add(&mut self, kind: ClientKind, name: &str, edit: impl FnOnce(&mut NewClient)) -> ClientId {
        let mut new = NewClient::named(kind, name.parse().unwrap());
        edit(&mut new);
        self.run(Command::AddClient(new)).unwrap()[0].payload.clients()[0].clone()
    }
}
