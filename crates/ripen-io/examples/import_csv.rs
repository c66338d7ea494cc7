//! Times each step of importing an `n`-row CSV natively (the browser bench's file):
//! reading, the preview, the plan and the commit into a memory store.
//! `cargo run --release -p ripen-io --example import_csv -- 100000 [base clients]`
//! Run by `cargo xtask bench` beside the same import in wasm. A failure here is a
//! benchmark that cannot run: it stops with the reason.

use chrono::{TimeZone, Utc};
use futures_executor::block_on;
use ripen_core::search::SearchIndex;
use ripen_core::{Command, Engine, MemoryStore, ReplicaId};
use ripen_io::{plan, preview, read, CsvOptions, ViewBase};
use std::collections::HashMap;
use std::time::Instant;

fn contacts_csv(n: usize) -> Vec<u8> {
    let last =
        ["Иванов", "Петров", "Сидоров", "Кузнецов", "Смирнов", "Попов", "Волков", "Соколов", "Лебедев", "Козлов"];
    let first = ["Сергей", "Анна", "Пётр", "Ольга", "Дмитрий", "Мария", "Алексей", "Елена", "Николай", "Ирина"];
    let cities = ["Новосибирск", "Омск", "Томск", "Барнаул", "Кемерово", "Красноярск"];
    let mut text = String::from("\u{feff}Фамилия;Имя;Компания;Должность;Телефон;E-mail;Город;Теги;Примечание\r\n");
    for i in 0..n {
        let digits = format!("{}", 1_000_000 + i);
        let note = if i % 10 == 0 {
            "\"Встреча на выставке; просил КП\r\nперезвонить через неделю\""
        } else {
            ""
        };
        text.push_str(&format!(
            "{}{i};{};ООО «Компания {}»;Менеджер;+7 913 {}-{}-{};person{i}@example.ru;{};выставка;{note}\r\n",
            last[i % 10],
            first[(i * 7) % 10],
            i % (n / 20).max(1),
            &digits[1..4],
            &digits[4..6],
            &digits[6..],
            cities[i % 6],
        ));
    }
    text.into_bytes()
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    // The base imported into: empty, unless a second argument gives its clients.
    let base: usize = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(0);
    let bytes = contacts_csv(n);
    let engine = block_on(Engine::open(
        MemoryStore::new(),
        ReplicaId::from_random(1),
        "bench".parse().expect("the benchmark's own data is valid"),
    ))
    .expect("the benchmark's own data is valid");
    if base > 0 {
        let existing = (0..base)
            .map(|i| {
                let mut client = ripen_core::NewClient::named(
                    ripen_core::ClientKind::Person,
                    format!("Клиент Базы {i}").parse().expect("the benchmark's own data is valid"),
                );
                client.fields.phones = vec![ripen_core::values::Phone::parse(
                    &format!("+7 383 {:07}", i),
                    ripen_core::values::CountryCode::RUSSIA,
                )
                .expect("the benchmark's own data is valid")];
                client
            })
            .collect();
        block_on(engine.execute(
            Command::AddClients(existing),
            Utc.timestamp_millis_opt(1_750_000_000_000).single().expect("a valid time"),
        ))
        .expect("the benchmark's own data is valid");
    }
    let mut index = SearchIndex::default();

    let started = Instant::now();
    let file = read(&bytes, None, &CsvOptions::default()).expect("the benchmark's own data is valid");
    let read_ms = started.elapsed().as_secs_f64() * 1e3;

    let started = Instant::now();
    let shown = {
        let view = engine.view();
        preview(&file, &mut ViewBase::new(&view, &mut index))
    };
    let preview_ms = started.elapsed().as_secs_f64() * 1e3;
    assert_eq!(shown.ready, n);

    let started = Instant::now();
    let batch = {
        let view = engine.view();
        plan(file, None, &HashMap::new(), &mut ViewBase::new(&view, &mut index))
    };
    let plan_ms = started.elapsed().as_secs_f64() * 1e3;

    let started = Instant::now();
    let events = block_on(engine.execute(
        Command::Import(Box::new(batch)),
        Utc.timestamp_millis_opt(1_760_000_000_000).single().expect("a valid time"),
    ))
    .expect("the benchmark's own data is valid");
    let commit_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "{{\"base\":{base},\"rows\":{n},\"bytes\":{},\"readMs\":{read_ms:.0},\"previewMs\":{preview_ms:.0},\"planMs\":{plan_ms:.0},\"commitMs\":{commit_ms:.0},\"events\":{}}}",
        bytes.len(),
        events.len()
    );
}
