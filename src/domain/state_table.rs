//! A status machine as a table of (from, action, to, parties): pledges, products and orders look up
//! their moves the same way.

/// One move: from a status, by one of the parties, an action leads to a status.
pub type Move<S, A, P> = (S, A, S, &'static [P]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// This party never does this action (403).
    NotYours,
    /// Not from this state, or not by this party from this state (409 `invalid_transition`).
    Invalid,
}

/// The status after `action` by `party` from `from`.
pub fn next<S: Copy + PartialEq, A: PartialEq, P: PartialEq>(
    table: &[Move<S, A, P>],
    from: S,
    action: A,
    party: P,
) -> Result<S, TransitionError> {
    let ever = table
        .iter()
        .any(|(_, a, _, who)| *a == action && who.contains(&party));
    if !ever {
        return Err(TransitionError::NotYours);
    }
    table
        .iter()
        .find(|(f, a, _, who)| *f == from && *a == action && who.contains(&party))
        .map(|(_, _, to, _)| *to)
        .ok_or(TransitionError::Invalid)
}
