//! The check as it was before the state kept each client's counted touches by time
//! (issue 25): every scope's touches gathered and sorted per check, the rules' "allowed
//! from" stepped one window at a time. Kept as the reference the fast check is held to.

use super::scope::{clients_in, time_zone};
use crate::model::lead::{consent_problem, ConsentProblem};
use crate::model::policy::{
    Action, CalendarUnit, Candidate, Limit, Pending, Policy, Rule, Scope, Verdict, Violation, Window,
};
use crate::model::touch::{Direction, Origin};
use crate::state::touch_book::Progress;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::sort;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

/// A touch already on record that a rule may count.
#[derive(Debug, Clone, Copy)]
struct Counted {
    at: DateTime<Utc>,
    channel: Channel,
    origin: Origin,
    exempt: bool,
}

/// What one rule sees: the touches it counts, sorted, and the client's time zone.
struct RuleView<'a> {
    rule: &'a Rule,
    touches: Vec<DateTime<Utc>>,
    zone: Zone,
    /// For a consent rule, why the client's consent refuses the touch asked about.
    refusal: Option<ConsentProblem>,
}

/// The first instant after another: a touch about to be written keeps its time to the
/// nanosecond, so a window open at its start opens a nanosecond on (a millisecond on, it
/// left out a pending touch within the millisecond after a stored one).
const JUST_AFTER: Duration = Duration::nanoseconds(1);

/// The policy, checked the old way.
pub(super) struct Reference<'p>(pub(super) &'p Policy);

impl std::ops::Deref for Reference<'_> {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        self.0
    }
}

impl Reference<'_> {
    pub(super) fn check_full(
        &self,
        state: &CrmState,
        candidate: &Candidate,
        itself: Option<&TouchId>,
        pending: &[Pending],
    ) -> Verdict {
        if candidate.is_exempt() {
            return Verdict::clear(candidate.at);
        }
        let views = self.views(state, candidate, itself, pending);
        let violations: Vec<Violation> = views
            .iter()
            .filter(|view| view.allowed_from(candidate.at).is_some())
            .map(|view| Violation {
                rule: view.rule.id.clone(),
                name: view.rule.name.clone(),
                action: view.rule.action,
                // When this rule alone would allow it: its own fixpoint (one step may land
                // on a time that breaks it again, e.g. a window full of planned touches).
                allowed_from: earliest_allowed([view], candidate.at).unwrap_or(candidate.at),
                reason: view.refusal,
            })
            .collect();
        let blocks = violations.iter().any(|v| v.action == Action::Block);
        let warns = violations.iter().any(|v| v.action == Action::Warn);
        let allowed = !blocks && (!warns || candidate.overridden);
        // A warning keeps no touch from being planned (an override lets it through), so
        // only the blocking rules say when it may be; all of them say when it is clear.
        let blocking = views.iter().filter(|view| view.rule.action == Action::Block);
        let next_allowed_at = if blocks { earliest_allowed(blocking, candidate.at) } else { Some(candidate.at) };
        let next_clear_at =
            if violations.is_empty() { Some(candidate.at) } else { earliest_allowed(&views, candidate.at) };
        Verdict { allowed, overridable: !allowed && !blocks, violations, next_allowed_at, next_clear_at }
    }

    /// How close the client is to its limits now: the fullest window or gap, 0.0 (quiet)
    /// to 1.0 (at a limit) and above (over one, e.g. by exempt touches).
    pub(super) fn pressure(&self, state: &CrmState, client: &ClientId, now: DateTime<Utc>) -> f64 {
        let mut pressure: f64 = 0.0;
        let zone = time_zone(state, self, client);
        let mut counter = Counter::new(state, client, None, &[]);
        for rule in &self.rules {
            let view = RuleView::new(rule, &mut counter, zone);
            let fullness = match &rule.limit {
                Limit::Count { max, window } => {
                    let (start, end) = view.window_around(window, now);
                    view.touches.iter().filter(|t| **t >= start && **t < end).count() as f64 / f64::from(*max)
                }
                Limit::MinGap { hours } => {
                    let gap = Duration::hours(i64::from(*hours));
                    view.touches
                        .iter()
                        .filter(|t| **t <= now && now - **t < gap)
                        .map(|t| 1.0 - (now - *t).num_seconds() as f64 / gap.num_seconds() as f64)
                        .fold(0.0, f64::max)
                }
                Limit::AllowedHours { .. } | Limit::Consent => 0.0,
            };
            pressure = pressure.max(fullness);
        }
        pressure
    }

    fn views<'a>(
        &'a self,
        state: &CrmState,
        candidate: &Candidate,
        itself: Option<&TouchId>,
        pending: &[Pending],
    ) -> Vec<RuleView<'a>> {
        let zone = time_zone(state, self, &candidate.client);
        let mut counter = Counter::new(state, &candidate.client, itself, pending);
        let marketing = candidate.origin == Origin::Marketing;
        let refusal = consent_problem(state.consent_at(&candidate.client, candidate.at).map(|e| &e.consent), marketing);
        self.rules
            .iter()
            .filter(|rule| rule.applies_to(candidate.channel, candidate.origin))
            .map(|rule| {
                let mut view = RuleView::new(rule, &mut counter, zone);
                if rule.limit == Limit::Consent {
                    view.refusal = refusal;
                }
                view
            })
            .collect()
    }
}

/// The fixpoint of the rules' "allowed from": moving to one rule's earliest time may
/// break another, so repeat until a time breaks none (bounded: a year of search).
fn earliest_allowed<'v, 'r: 'v>(
    views: impl IntoIterator<Item = &'v RuleView<'r>> + Clone,
    from: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let horizon = from + Duration::days(366);
    let mut at = from;
    while at <= horizon {
        match views.clone().into_iter().filter_map(|view| view.allowed_from(at)).max() {
            None => return Some(at),
            Some(later) if later > at => at = later,
            // A rule that cannot say when it will allow: give up rather than loop.
            Some(_) => return None,
        }
    }
    None
}

/// The touches each scope counts, gathered once per check: the rules of one scope share
/// them, each keeping those of its channels and origins.
struct Counter<'s> {
    state: &'s CrmState,
    client: &'s ClientId,
    itself: Option<&'s TouchId>,
    pending: &'s [Pending],
    by_scope: Vec<(Scope, Vec<Counted>)>,
}

impl<'s> Counter<'s> {
    fn new(state: &'s CrmState, client: &'s ClientId, itself: Option<&'s TouchId>, pending: &'s [Pending]) -> Self {
        Self { state, client, itself, pending, by_scope: Vec::new() }
    }

    /// Every planned or done touch of `scope`'s clients (and the pending ones), sorted by
    /// time.
    fn counted(&mut self, scope: Scope) -> &[Counted] {
        let position = match self.by_scope.iter().position(|(s, _)| *s == scope) {
            Some(position) => position,
            None => {
                let state = self.state;
                let members = clients_in(state, self.client, scope);
                let mut counted: Vec<Counted> = members
                    .iter()
                    .flat_map(|member| state.touches_of(member))
                    .filter(|t| !self.itself.is_some_and(|itself| t.is(itself)))
                    .filter_map(|t| {
                        let at = match &t.status {
                            Progress::Done { done_at, .. } => *done_at,
                            Progress::Planned => t.at,
                            _ => return None,
                        };
                        let exempt = t.direction == Direction::Inbound || t.requested;
                        Some(Counted { at, channel: t.channel, origin: t.origin, exempt })
                    })
                    .collect();
                counted.extend(self.pending.iter().filter(|p| members.contains(&p.client)).map(|p| Counted {
                    at: p.at,
                    channel: p.channel,
                    origin: p.origin,
                    exempt: false,
                }));
                sort::sort_by_key(&mut counted, |t| t.at);
                self.by_scope.push((scope, counted));
                self.by_scope.len() - 1
            }
        };
        &self.by_scope[position].1
    }
}

impl<'a> RuleView<'a> {
    fn new(rule: &'a Rule, counter: &mut Counter<'_>, zone: Zone) -> Self {
        if rule.limit == Limit::Consent {
            // It counts no touches.
            return Self { rule, touches: Vec::new(), zone, refusal: None };
        }
        let touches = counter
            .counted(rule.scope)
            .iter()
            .filter(|t| rule.applies_to(t.channel, t.origin) && (rule.counts_exempt || !t.exempt))
            .map(|t| t.at)
            .collect();
        Self { rule, touches, zone, refusal: None }
    }

    /// `None` if a touch at `at` keeps this rule; otherwise the earliest later time that
    /// this rule alone would allow.
    fn allowed_from(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match &self.rule.limit {
            Limit::Count { max, window: Window::Rolling { hours } } => {
                self.rolling(at, *max, Duration::hours(i64::from(*hours)))
            }
            Limit::Count { max, window: Window::Calendar { unit } } => {
                let (start, end) = self.calendar(at, *unit);
                let count = self.between(start, end).len();
                (count >= *max as usize).then_some(end)
            }
            Limit::MinGap { hours } => {
                let gap = Duration::hours(i64::from(*hours));
                let near = self.between(at - gap + JUST_AFTER, at + gap);
                near.last().map(|last| *last + gap)
            }
            Limit::AllowedHours { from, to, weekdays_only } => self.allowed_hours(at, *from, *to, *weekdays_only),
            // No later time passes it: the fixpoint gives up, and the verdict has no
            // allowed time while it refuses.
            Limit::Consent => self.refusal.map(|_| at),
        }
    }

    /// Every window of length `width` containing `at` must hold fewer than `max` touches
    /// already (planned future touches count too). If one does not, the touch must wait
    /// until the earliest touch of that window has left it.
    /// The counted touches in `[start, end)`: a binary search, since the fixpoint asks
    /// this many times over a busy schedule.
    fn between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> &[DateTime<Utc>] {
        let from = self.touches.partition_point(|t| *t < start);
        let to = self.touches.partition_point(|t| *t < end).max(from);
        &self.touches[from..to]
    }

    fn rolling(&self, at: DateTime<Utc>, max: u32, width: Duration) -> Option<DateTime<Utc>> {
        let nearby = self.between(at - width + JUST_AFTER, at + width);
        // The windows that contain `at` start in (at - width, at]; the fullest one starts
        // at one of its touches, or at `at` itself when the touches lie ahead (planned).
        let starts = [at - width + JUST_AFTER, at].into_iter().chain(nearby.iter().copied().filter(|t| *t <= at));
        for start in starts {
            let inside: Vec<&DateTime<Utc>> = nearby.iter().filter(|t| **t >= start && **t < start + width).collect();
            if inside.len() >= max as usize {
                return inside.first().map(|first| **first + width);
            }
        }
        None
    }

    fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        at.with_timezone(&self.zone).naive_local()
    }

    /// A local wall time as an instant: in a DST gap, the first minute after the gap; in a
    /// repeated hour, the earlier reading (the later one where `after` demands it).
    fn instant_after(&self, local: NaiveDateTime, after: DateTime<Utc>) -> DateTime<Utc> {
        let mut probe = local;
        for _ in 0..=24 * 60 {
            match self.zone.from_local_datetime(&probe) {
                LocalResult::Single(t) => return t.with_timezone(&Utc),
                LocalResult::Ambiguous(early, late) => {
                    let early = early.with_timezone(&Utc);
                    return if early > after { early } else { late.with_timezone(&Utc) };
                }
                LocalResult::None => probe += Duration::minutes(1),
            }
        }
        after + Duration::days(1)
    }

    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        self.instant_after(local, DateTime::<Utc>::MIN_UTC)
    }

    /// The calendar day, week (from Monday) or month containing `at`, as instants.
    fn calendar(&self, at: DateTime<Utc>, unit: CalendarUnit) -> (DateTime<Utc>, DateTime<Utc>) {
        let day = self.local(at).date();
        let (start, end): (NaiveDate, NaiveDate) = match unit {
            CalendarUnit::Day => (day, day + Duration::days(1)),
            CalendarUnit::Week => {
                let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
                (monday, monday + Duration::days(7))
            }
            CalendarUnit::Month => {
                let first = day.with_day(1).unwrap_or(day);
                let next = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                };
                (first, next.unwrap_or(first + Duration::days(31)))
            }
        };
        (self.instant(start.and_time(Default::default())), self.instant(end.and_time(Default::default())))
    }

    fn window_around(&self, window: &Window, at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        match window {
            Window::Rolling { hours } => (at - Duration::hours(i64::from(*hours)), at + Duration::milliseconds(1)),
            Window::Calendar { unit } => self.calendar(at, *unit),
        }
    }

    fn allowed_hours(
        &self,
        at: DateTime<Utc>,
        from: chrono::NaiveTime,
        to: chrono::NaiveTime,
        weekdays_only: bool,
    ) -> Option<DateTime<Utc>> {
        let open_day = |day: NaiveDate| !weekdays_only || !matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let local = self.local(at);
        if open_day(local.date()) && local.time() >= from && local.time() < to {
            return None;
        }
        let mut day = local.date();
        for _ in 0..8 {
            if open_day(day) {
                let opens = day.and_time(from);
                if opens > local {
                    return Some(self.instant_after(opens, at));
                }
            }
            day += Duration::days(1);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    //! The fast check against the reference, after random command runs: random rules
    //! (every limit and scope), touches planned, logged, completed, missed and cancelled,
    //! people joining and leaving the company, duplicates merged.

    use super::Reference;
    use crate::command::NewTouch;
    use crate::lead::Consent;
    use crate::model::policy::{Action, CalendarUnit, Candidate, Limit, Pending, Rule, Scope, Window};
    use crate::model::relationship::RelationKind;
    use crate::model::touch::{Direction, Origin, Outcome, Plan};
    use crate::values::Channel;
    use crate::{ClientId, ClientKind, Command, Engine, MemoryStore, NewClient, ReplicaId};
    use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
    use futures_executor::block_on;
    use proptest::prelude::*;

    const CHANNELS: [Channel; 4] = [Channel::Call, Channel::Email, Channel::MarketingSend, Channel::Meeting];
    const ORIGINS: [Origin; 3] = [Origin::Sales, Origin::Marketing, Origin::Service];

    fn limit() -> impl Strategy<Value = Limit> {
        prop_oneof![
            (1u32..4, 1u32..200).prop_map(|(max, hours)| Limit::Count { max, window: Window::Rolling { hours } }),
            (1u32..4, 0usize..3).prop_map(|(max, unit)| Limit::Count {
                max,
                window: Window::Calendar { unit: [CalendarUnit::Day, CalendarUnit::Week, CalendarUnit::Month][unit] }
            }),
            (1u32..72).prop_map(|hours| Limit::MinGap { hours }),
            (0u32..12, 1u32..12, any::<bool>()).prop_map(|(from, length, weekdays_only)| Limit::AllowedHours {
                from: NaiveTime::from_hms_opt(from + 6, 0, 0).unwrap(),
                to: NaiveTime::from_hms_opt((from + 6 + length).min(23), 30, 0).unwrap(),
                weekdays_only,
            }),
            Just(Limit::Consent),
        ]
    }

    fn rule() -> impl Strategy<Value = Rule> {
        (0usize..3, 0u8..16, 0u8..8, limit(), any::<bool>(), any::<bool>()).prop_map(
            |(scope, channels, origins, limit, block, counts_exempt)| Rule {
                id: "r".parse().unwrap(),
                name: "r".into(),
                scope: [Scope::Person, Scope::Company, Scope::Group][scope],
                channels: CHANNELS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| channels >> i & 1 == 1)
                    .map(|(_, c)| *c)
                    .collect(),
                origins: ORIGINS.iter().enumerate().filter(|(i, _)| origins >> i & 1 == 1).map(|(_, o)| *o).collect(),
                limit,
                action: if block { Action::Block } else { Action::Warn },
                counts_exempt,
            },
        )
    }

    /// (kind, who, channel, origin, hours from now, flags)
    type Step = (u8, usize, usize, usize, i64, u8);

    fn steps() -> impl Strategy<Value = Vec<Step>> {
        prop::collection::vec((0u8..10, 0usize..4, 0usize..4, 0usize..3, -200i64..400, any::<u8>()), 1..60)
    }

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn the_fast_check_answers_as_the_reference(
            rules in prop::collection::vec(rule(), 0..5),
            steps in steps(),
            asks in prop::collection::vec((0usize..4, 0usize..4, 0usize..3, -100i64..600, any::<u8>()), 1..12),
        ) {
            let mut engine =
                block_on(Engine::open(MemoryStore::new(), ReplicaId::from_random(5), "anna".parse().unwrap())).unwrap();
            let now = start() + Duration::days(10);
            let run = |engine: &mut Engine<MemoryStore>, command: Command, at: DateTime<Utc>| {
                block_on(engine.execute(command, at)).ok()
            };
            let ids: Vec<_> = engine.state().policy.rules.iter().map(|r| r.id.clone()).collect();
            for id in ids {
                run(&mut engine, Command::RemoveRule { rule: id }, now);
            }
            for (i, mut rule) in rules.into_iter().enumerate() {
                rule.id = format!("r{i}").parse().unwrap();
                run(&mut engine, Command::SaveRule { rule }, now);
            }
            let mut clients: Vec<ClientId> = Vec::new();
            for (i, (kind, zone)) in [(ClientKind::Company, "Europe/Moscow"), (ClientKind::Person, "Asia/Novosibirsk"), (ClientKind::Person, "Europe/Moscow"), (ClientKind::Person, "America/New_York")].into_iter().enumerate() {
                let mut new = NewClient::named(kind, format!("Клиент {i}").parse().unwrap());
                if i != 2 {
                    new.fields.time_zone = Some(zone.parse().unwrap());
                }
                let events = run(&mut engine, Command::AddClient(new), now).unwrap();
                clients.push(events[0].payload.clients()[0].clone());
            }
            let mut touches: Vec<crate::TouchId> = Vec::new();
            for (kind, who, channel, origin, hours, flags) in steps {
                let at = now + Duration::hours(hours) + Duration::minutes(i64::from(flags % 4) * 15);
                let client = clients[who].clone();
                let mut touch = NewTouch {
                    direction: if flags & 8 != 0 && flags & 16 != 0 { Direction::Inbound } else { Direction::Outbound },
                    origin: ORIGINS[origin],
                    requested: flags & 32 != 0 && flags & 64 != 0,
                    override_reason: (flags & 128 != 0).then(|| "agreed".to_owned()),
                    at: Some(at),
                    ..NewTouch::new(client.clone(), CHANNELS[channel])
                };
                let done = match kind {
                    0..=3 => {
                        let plan = Plan::parse("send_offer", "a", "b").unwrap();
                        run(&mut engine, Command::PlanTouch { touch, plan }, now)
                    }
                    4 | 5 => {
                        touch.at = Some(at.min(now));
                        run(&mut engine, Command::LogTouch { touch, result: None, outcome: None, nps: None }, now)
                    }
                    6 if !touches.is_empty() => {
                        let touch = touches[who % touches.len()].clone();
                        let command = match flags % 3 {
                            0 => Command::CompleteTouch { touch, result: None, outcome: Outcome::Success, at: Some(at.min(now)), nps: None },
                            1 => Command::MissTouch { touch },
                            _ => Command::CancelTouch { touch, reason: None },
                        };
                        run(&mut engine, command, now)
                    }
                    7 if who > 0 => run(&mut engine, Command::Link { from: clients[0].clone(), to: client, kind: RelationKind::Employee, position: None, since: None }, now),
                    8 if who > 1 && flags % 4 == 0 => run(&mut engine, Command::Merge { keep: clients[1].clone(), drop: client }, now),
                    _ => {
                        let consent = Consent { contact: flags & 1 == 0, marketing: flags & 2 == 0, source: "stand".parse().unwrap(), at: now };
                        run(&mut engine, Command::RecordConsent { client, consent }, now)
                    }
                };
                for event in done.into_iter().flatten() {
                    if let crate::EventPayload::TouchRecorded { touch } = &event.payload {
                        touches.push(touch.id.clone());
                    }
                }
            }
            let state = engine.state();
            let policy = &state.policy;
            let reference = Reference(policy);
            for (who, channel, origin, hours, flags) in asks {
                // Some asks a nanosecond either side of a touch's time, or within its
                // millisecond: the fast check keeps stored times in milliseconds.
                let jitter = Duration::nanoseconds([0, 1, -1, 999_999][usize::from(flags >> 6)]);
                let at = now + Duration::hours(hours) + Duration::minutes(i64::from(flags % 4) * 15) + jitter;
                let candidate = Candidate {
                    client: clients[who].clone(),
                    channel: CHANNELS[channel],
                    origin: ORIGINS[origin],
                    direction: if flags & 8 != 0 && flags & 16 != 0 { Direction::Inbound } else { Direction::Outbound },
                    requested: false,
                    overridden: flags & 32 != 0,
                    at,
                };
                prop_assert_eq!(policy.check(&state, &candidate), reference.check_full(&state, &candidate, None, &[]));
                if let Some(itself) = touches.get(usize::from(flags) % touches.len().max(1)) {
                    prop_assert_eq!(
                        policy.check_excluding(&state, &candidate, Some(itself)),
                        reference.check_full(&state, &candidate, Some(itself), &[])
                    );
                }
                let pending = [Pending { client: clients[(who + 1) % 4].clone(), channel: CHANNELS[channel], origin: ORIGINS[origin], at: at + Duration::hours(i64::from(flags % 30)) }];
                prop_assert_eq!(
                    policy.check_alongside(&state, &candidate, &pending),
                    reference.check_full(&state, &candidate, None, &pending)
                );
                prop_assert_eq!(policy.pressure(&state, &clients[who], at), reference.pressure(&state, &clients[who], at));
            }
        }
    }
}
