//! Checking a touch against the policy: every violated rule, and the earliest time at
//! which the touch would break none.

use super::counter::{Counter, Counts, Sources};
use super::scope::time_zone;
use super::window;
use crate::model::lead::{consent_problem, ConsentProblem};
use crate::model::policy::{Action, CalendarUnit, Candidate, Limit, Pending, Policy, Rule, Verdict, Violation, Window};
use crate::model::touch::Origin;
use crate::state::touch_book::TouchFacts;
use crate::state::CrmState;
use crate::values::ids::{ClientId, TouchId};
use crate::values::zone::Zone;
use chrono::{DateTime, Duration, Utc};
use std::cell::Cell;
use std::rc::Rc;

/// What one rule sees: the touches of its scope (it counts those of its channels and
/// origins), and the client's time zone.
struct RuleView<'a> {
    rule: &'a Rule,
    counts: Counts,
    touches: Option<Rc<Sources<'a>>>,
    /// The last few stretches this rule was asked about: from a time to the earliest it
    /// allows (every time between refused). The fixpoints ask from the same times again,
    /// in turn with other times: kept one, a check walked a company's blocked stretch
    /// three times over.
    known: Known,
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
                    view.between(start, end).len() as f64 / f64::from(*max)
                }
                Limit::MinGap { hours } => {
                    let gap = Duration::hours(i64::from(*hours));
                    view.between(now - gap, now + Duration::nanoseconds(1))
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
        state: &'a CrmState,
        candidate: &'a Candidate,
        itself: Option<&TouchId>,
        pending: &'a [Pending],
    ) -> Vec<RuleView<'a>> {
        self.views_in(state, candidate, time_zone(state, self, &candidate.client), itself, pending)
    }

    /// [`Policy::views`] for a client whose time zone the caller knows already.
    fn views_in<'a>(
        &'a self,
        state: &'a CrmState,
        candidate: &'a Candidate,
        zone: Zone,
        itself: Option<&TouchId>,
        pending: &'a [Pending],
    ) -> Vec<RuleView<'a>> {
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

/// The earliest times a touch would break no rule, asked of one client and channel again
/// and again (the suggestions push the time past the client's hours and ask anew): the
/// rules' views are built once, and no verdict is made — only the all-rules fixpoint that
/// [`Verdict::next_clear_at`] is.
pub(crate) struct ClearSearch<'a> {
    state: &'a CrmState,
    candidate: &'a Candidate,
    views: Vec<RuleView<'a>>,
}

impl Policy {
    /// A search for `candidate`'s touch (its time aside) under every rule, for a client
    /// living in `zone` (as [`Policy::time_zone_of`] says).
    pub(crate) fn clear_search<'a>(
        &'a self,
        state: &'a CrmState,
        candidate: &'a Candidate,
        zone: Zone,
    ) -> ClearSearch<'a> {
        let views = if candidate.is_exempt() { Vec::new() } else { self.views_in(state, candidate, zone, None, &[]) };
        ClearSearch { state, candidate, views }
    }
}

impl ClearSearch<'_> {
    /// `Err(())` when the client's consent refuses the touch at `at` (no later time will
    /// do); else the earliest time from `at` on that breaks no rule, as
    /// `Policy::check(at).next_clear_at` says, `None` if none within a year.
    pub(crate) fn next_clear(&mut self, at: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ()> {
        let marketing = self.candidate.origin == Origin::Marketing;
        let consent = self.state.consent_at(&self.candidate.client, at).map(|e| &e.consent);
        let refusal = consent_problem(consent, marketing);
        for view in self.views.iter_mut().filter(|view| view.rule.limit == Limit::Consent) {
            if refusal.is_some() {
                return Err(());
            }
            view.refusal = None;
        }
        Ok(earliest_allowed(&self.views, at))
    }
}

/// From a time asked about to the earliest a rule allows.
type Stretch = (DateTime<Utc>, DateTime<Utc>);

/// Stretches a rule refuses, each from a time asked about to the earliest it allows: the
/// latest few learnt (a check asks each rule from two or three times).
#[derive(Default)]
struct Known {
    stretches: [Cell<Option<Stretch>>; 4],
    next: Cell<usize>,
}

impl Known {
    /// What the rule allows from `at`, if `at` lies in a stretch learnt: its end.
    fn earliest_from(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.stretches.iter().find_map(|stretch| match stretch.get() {
            Some((from, earliest)) if from <= at && at <= earliest => Some(earliest),
            _ => None,
        })
    }

    /// Every time in `[from, earliest)` refused, `earliest` allowed; in place of the oldest.
    fn learn(&self, from: DateTime<Utc>, earliest: DateTime<Utc>) {
        let next = self.next.get();
        self.stretches[next].set(Some((from, earliest)));
        self.next.set((next + 1) % self.stretches.len());
    }
}

/// How far ahead a check looks for an allowed time.
const HORIZON_DAYS: i64 = 366;

/// The fixpoint of the rules' "allowed from": moving to one rule's earliest time may
/// break another, so repeat until a time breaks none (bounded: a year of search).
fn earliest_allowed<'v, 'r: 'v>(
    views: impl IntoIterator<Item = &'v RuleView<'r>> + Clone,
    from: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let horizon = from + Duration::days(HORIZON_DAYS);
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

impl<'a> RuleView<'a> {
    fn new(rule: &'a Rule, counter: &mut Counter<'a>, zone: Zone) -> Self {
        // A consent rule counts no touches.
        let touches = (rule.limit != Limit::Consent).then(|| counter.sources(rule.scope));
        Self { rule, counts: Counts::of(rule), touches, zone, refusal: None, known: Known::default() }
    }

    /// `None` if a touch at `at` keeps this rule; otherwise the earliest later time that
    /// this rule alone allows (its own fixpoint: the first time that breaks it no more).
    fn allowed_from(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let Some(earliest) = self.known.earliest_from(at) {
            return (at != earliest).then_some(earliest);
        }
        let earliest = match &self.rule.limit {
            Limit::Count { max, window: Window::Rolling { hours } } => {
                self.clear_of_groups(at, *max as usize, Duration::hours(i64::from(*hours)))
            }
            Limit::Count { max, window: Window::Calendar { unit } } => {
                let horizon = at + Duration::days(HORIZON_DAYS);
                let mut at = at;
                loop {
                    let (start, end) = self.calendar(at, *unit);
                    if self.between(start, end).len() < *max as usize || at > horizon || end <= at {
                        break at;
                    }
                    at = end;
                }
            }
            // One touch within the gap either side refuses it: a group of one.
            Limit::MinGap { hours } => self.clear_of_groups(at, 1, Duration::hours(i64::from(*hours))),
            Limit::AllowedHours { from, to, weekdays_only } => {
                return self.allowed_hours(at, *from, *to, *weekdays_only);
            }
            // No later time passes it: the fixpoint gives up, and the verdict has no
            // allowed time while it refuses.
            Limit::Consent => return self.refusal.map(|_| at),
        };
        self.known.learn(at, earliest);
        (earliest != at).then_some(earliest)
    }

    /// The earliest time from `at` on that no run of `max` counted touches spanning less
    /// than `width` refuses. Such a run `first..=last` refuses every time in `(last - width,
    /// first + width)`: with it, some window of `width` around the time would hold `max`
    /// touches besides the new one. The runs taken in time order, both ends of those
    /// spans only grow, so one walk over the touches from `at - width` settles it.
    /// (`max` 1 with the gap as `width`: no touch nearer than the gap.)
    /// It looks [`HORIZON_DAYS`] ahead of `at`.
    fn clear_of_groups(&self, at: DateTime<Utc>, max: usize, width: Duration) -> DateTime<Utc> {
        let Some(sources) = &self.touches else { return at };
        if max == 0 || width <= Duration::zero() {
            return at;
        }
        // In nanoseconds: exact over the calendar's range, and far cheaper than chrono's
        // checked arithmetic on every touch walked.
        let nanos = |t: DateTime<Utc>| t.timestamp_nanos_opt();
        // The horizon added in nanoseconds, not by chrono's date arithmetic (a few hundred
        // instructions a call): they overflow exactly where the instant leaves their range.
        let horizon = nanos(at).and_then(|start| start.checked_add(HORIZON_DAYS * 86_400 * 1_000_000_000));
        let (Some(start), Some(width_ns), Some(horizon)) = (nanos(at), width.num_nanoseconds(), horizon) else {
            return at;
        };
        let mut clear = start;
        // The last `max` touches walked, oldest first at `next` once there are `max`.
        let mut recent: Vec<i64> = Vec::with_capacity(max.min(64));
        let mut next = 0;
        for last in sources.after(self.counts, at - width) {
            let first = if recent.len() < max {
                recent.push(last);
                if recent.len() < max {
                    continue;
                }
                recent[0]
            } else {
                recent[next] = last;
                next = if next + 1 == max { 0 } else { next + 1 };
                recent[next]
            };
            if last - width_ns >= clear || clear > horizon {
                break;
            }
            if last - first < width_ns && first + width_ns > clear {
                clear = first + width_ns;
            }
        }
        if clear == start {
            at
        } else {
            DateTime::from_timestamp_nanos(clear)
        }
    }

    /// The counted touches in `[start, end)`, in time order.
    fn between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<DateTime<Utc>> {
        match &self.touches {
            Some(sources) if start < end => sources.between(self.counts, start, end),
            _ => Vec::new(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn hour(h: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(h * 3600, 0).unwrap_or_default()
    }

    #[test]
    fn known_stretches_answer_from_within_and_the_oldest_gives_way() {
        let known = Known::default();
        known.learn(hour(10), hour(20));
        known.learn(hour(30), hour(30));
        // (asked at, answer): inside a stretch its end, elsewhere nothing known.
        let cases = [(10, Some(20)), (15, Some(20)), (20, Some(20)), (9, None), (21, None), (30, Some(30))];
        for (at, expected) in cases {
            assert_eq!(known.earliest_from(hour(at)), expected.map(hour), "at {at} h");
        }
        for h in 40..43 {
            known.learn(hour(h), hour(h + 1));
        }
        // Four kept: the first learnt has given way, the second not yet.
        assert_eq!(known.earliest_from(hour(15)), None);
        assert_eq!(known.earliest_from(hour(30)), Some(hour(30)));
        assert_eq!(known.earliest_from(hour(42)), Some(hour(43)));
    }
}
