//! Checking a touch against the policy: every violated rule, and the earliest time at
//! which the touch would break none.

use super::scope::{clients_in, time_zone};
use super::window;
use crate::model::lead::{consent_problem, ConsentProblem};
use crate::model::policy::{
    Action, CalendarUnit, Candidate, Limit, Pending, Policy, Rule, Scope, Verdict, Violation, Window,
};
use crate::model::touch::{Direction, Origin};
use crate::state::touch_book::{Progress, TouchFacts};
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::sort;
use crate::values::zone::Zone;
use crate::values::Channel;
use chrono::{DateTime, Duration, Utc};

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

impl Policy {
    /// Every rule `candidate` would break, and when it would break none.
    pub fn check(&self, state: &CrmState, candidate: &Candidate) -> Verdict {
        self.check_excluding(state, candidate, None)
    }

    /// As [`Policy::check`], for a touch already on record (`itself`) moving to
    /// `candidate.at`: it is not counted against itself.
    pub fn check_excluding(&self, state: &CrmState, candidate: &Candidate, itself: Option<&TouchId>) -> Verdict {
        self.check_full(state, candidate, itself, &[])
    }

    /// As [`Policy::check`], counting also `pending`: touches about to be written in the
    /// same commit (a follow-up plan's earlier touches), as if they were already planned.
    pub fn check_alongside(&self, state: &CrmState, candidate: &Candidate, pending: &[Pending]) -> Verdict {
        self.check_full(state, candidate, None, pending)
    }

    fn check_full(
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

    /// For a touch on record moving to (or back to) `at` — completed at another time,
    /// restored by a revert: the verdict, if a `block` rule refuses it. Warnings were
    /// answered when it was planned.
    pub fn refuses(&self, state: &CrmState, touch: TouchFacts<'_>, at: DateTime<Utc>) -> Option<Verdict> {
        let candidate = Candidate {
            client: touch.client.clone(),
            channel: touch.channel,
            origin: touch.origin,
            direction: touch.direction,
            requested: touch.requested,
            // Only the blocking rules are asked about here.
            overridden: true,
            at,
        };
        let verdict = self.check_excluding(state, &candidate, Some(&touch.id()));
        verdict.blocks().then_some(verdict)
    }

    /// How close the client is to its limits now: the fullest window or gap, 0.0 (quiet)
    /// to 1.0 (at a limit) and above (over one, e.g. by exempt touches).
    pub fn pressure(&self, state: &CrmState, client: &ClientId, now: DateTime<Utc>) -> f64 {
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
                let near = self.between(at - gap + Duration::milliseconds(1), at + gap);
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
        let nearby = self.between(at - width + Duration::milliseconds(1), at + width);
        // The windows that contain `at` start in (at - width, at]; the fullest one starts
        // at one of its touches, or at `at` itself when the touches lie ahead (planned).
        let starts =
            [at - width + Duration::milliseconds(1), at].into_iter().chain(nearby.iter().copied().filter(|t| *t <= at));
        for start in starts {
            let inside: Vec<&DateTime<Utc>> = nearby.iter().filter(|t| **t >= start && **t < start + width).collect();
            if inside.len() >= max as usize {
                return inside.first().map(|first| **first + width);
            }
        }
        None
    }

    fn calendar(&self, at: DateTime<Utc>, unit: CalendarUnit) -> (DateTime<Utc>, DateTime<Utc>) {
        window::calendar(self.zone, at, unit)
    }

    fn window_around(&self, window: &Window, at: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        window::window_around(self.zone, window, at)
    }

    fn allowed_hours(
        &self,
        at: DateTime<Utc>,
        from: chrono::NaiveTime,
        to: chrono::NaiveTime,
        weekdays_only: bool,
    ) -> Option<DateTime<Utc>> {
        window::hours_open_from(self.zone, at, from, to, weekdays_only)
    }
}
