//! Start-up recovery's decisions, as data: what the journal says the dead till was doing, what
//! the API says the payment is, and the capture mode give one [`Plan`] per sale. The runner in
//! `runtime::recovery` only carries plans out; what the cashier is told is a [`Recovered`]
//! note, put into words by `ui::text`.
//!
//! The rules: a sale the cashier cancelled is never captured (an unanswered cancel or release
//! is sent again, and a cancel that lost the race with the customer's approval becomes a
//! release); recovery never captures by itself but hands an approved sale to the core, which
//! captures it as a live one (auto mode, with the live retries) or waits for the cashier's key
//! (confirm mode).

use super::msg::{ApiFailure, PayState, PaymentStatus};
use crate::config::CaptureMode;
use crate::domain::Money;

/// A cancel or release the cashier asked for whose answer the till never recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredCancel {
    /// The key it was journalled with (sent again unchanged, with the same body).
    pub key: String,
    /// `cancelTransactionOnly` of its journalled body: a cancel before approval, or a release.
    pub transaction_only: bool,
}

/// What the local database knows about one sale recovery looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaleFacts {
    pub total: Money,
    /// The sale has a customer to hand a payment to the core with.
    pub has_customer: bool,
    pub unanswered_cancel: Option<UnansweredCancel>,
    /// The key a release of this sale uses (the core's own), for a cancel that found the
    /// payment already approved.
    pub release_key: String,
}

/// What the API answered about the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asked {
    Status(PaymentStatus),
    /// The API does not know the reference: the create never arrived.
    NotFound,
    /// The API cannot be asked now (outage, rate limit).
    Unreachable(String),
}

/// How a sale is closed in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Captured,
    Cancelled,
    NoMoney,
}

/// What to do with one sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Send a cancel (`transaction_only`) or release with this key; its answer is planned by
    /// [`after_cancel`]. The cancel's journal entry stays pending until then.
    SendCancel { key: String, transaction_only: bool },
    /// Nothing is sent: settle the journal (the payment's aggregate says what each request
    /// did) and close the sale; `captured` is recorded first when given.
    Close {
        ending: Ending,
        captured: Option<i64>,
        note: Recovery,
    },
    /// Hand the payment to the core, which polls it and captures it (auto) or waits for the
    /// cashier (confirm). The journal is settled first when the payment is known to exist.
    HandOver { settle: bool, note: Recovery },
    /// Only tell the cashier.
    Report(Recovery),
}

/// What the cashier is told about one sale or refund recovery looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The receipt number (sales) or reference (refunds).
    pub what: String,
    pub note: Recovery,
}

/// What recovery did, in data; `ui::text::recovered` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// It was paid and captured before the till died; closed.
    WasCaptured,
    /// Approved: the till captures it now, as a live sale.
    Capturing,
    /// Approved, capture mode "confirm": waiting in the background for the cashier to
    /// recall it and capture (or release) it.
    AwaitingCapture,
    /// Still waiting for the customer; watched in the background.
    Watching,
    /// The API cannot be asked now; watched in the background.
    WatchingUnreachable {
        reason: String,
    },
    /// Rejected, expired or terminated; closed.
    DidNotPay,
    /// The create never reached the API; closed, nothing charged.
    NeverArrived,
    /// Open, with no customer stored to watch it with.
    NoCustomer,
    /// The cashier's cancel was sent again and took effect; nothing charged.
    Cancelled,
    /// The reservation the cashier gave back (or the cancel that met an approval) is released.
    Released,
    /// The customer's money was captured before the cancel could act.
    CapturedBeforeCancel,
    /// The cancel or release did not go through; sent again at the next start, never captured.
    CancelFailed {
        reason: String,
    },
    RefundDone {
        amount: Money,
    },
    RefundNotSaved {
        amount: Money,
        reason: String,
    },
    RefundUnconfirmed {
        amount: Money,
        reason: String,
    },
    RefundRefused {
        amount: Money,
        reason: String,
    },
    RefundUnreadable,
}

/// The plan for one sale, from what is stored and what the API said.
pub fn plan(facts: &SaleFacts, asked: &Asked, capture: CaptureMode) -> Plan {
    let hand_over = |settle, note| {
        if facts.has_customer {
            Plan::HandOver { settle, note }
        } else {
            Plan::Report(Recovery::NoCustomer)
        }
    };
    let st = match asked {
        Asked::NotFound => {
            return Plan::Close {
                ending: Ending::NoMoney,
                captured: None,
                note: Recovery::NeverArrived,
            }
        }
        Asked::Unreachable(reason) => {
            return match &facts.unanswered_cancel {
                // The cancel itself may get through; it is what the cashier asked for.
                Some(c) => send(c),
                None => hand_over(
                    false,
                    Recovery::WatchingUnreachable {
                        reason: reason.clone(),
                    },
                ),
            };
        }
        Asked::Status(st) => st,
    };
    match st.state {
        PayState::Authorized if st.captured >= facts.total.minor => Plan::Close {
            ending: Ending::Captured,
            captured: Some(st.captured),
            note: Recovery::WasCaptured,
        },
        PayState::Aborted | PayState::Expired | PayState::Terminated => Plan::Close {
            ending: if st.state == PayState::Terminated {
                Ending::Cancelled
            } else {
                Ending::NoMoney
            },
            captured: None,
            note: Recovery::DidNotPay,
        },
        PayState::Authorized => match &facts.unanswered_cancel {
            // The customer approved after the cashier cancelled: the reservation goes back.
            Some(c) if c.transaction_only => Plan::SendCancel {
                key: facts.release_key.clone(),
                transaction_only: false,
            },
            Some(c) => send(c),
            None => hand_over(
                true,
                match capture {
                    CaptureMode::Auto => Recovery::Capturing,
                    CaptureMode::Confirm => Recovery::AwaitingCapture,
                },
            ),
        },
        PayState::Created | PayState::Other => match &facts.unanswered_cancel {
            Some(c) => send(c),
            None => hand_over(true, Recovery::Watching),
        },
    }
}

fn send(c: &UnansweredCancel) -> Plan {
    Plan::SendCancel {
        key: c.key.clone(),
        transaction_only: c.transaction_only,
    }
}

/// The plan once a cancel or release recovery sent is answered.
pub fn after_cancel(
    facts: &SaleFacts,
    transaction_only: bool,
    answer: &Result<PaymentStatus, ApiFailure>,
) -> Plan {
    match answer {
        Ok(st) if st.state == PayState::Authorized && st.captured >= facts.total.minor => {
            Plan::Close {
                ending: Ending::Captured,
                captured: Some(st.captured),
                note: Recovery::CapturedBeforeCancel,
            }
        }
        Ok(st) => match st.state {
            PayState::Authorized => Plan::Close {
                ending: Ending::Cancelled,
                captured: None,
                note: Recovery::Released,
            },
            PayState::Aborted | PayState::Expired => Plan::Close {
                ending: Ending::NoMoney,
                captured: None,
                note: Recovery::DidNotPay,
            },
            _ => Plan::Close {
                ending: Ending::Cancelled,
                captured: None,
                note: Recovery::Cancelled,
            },
        },
        // The customer approved between the GET and the cancel: release instead.
        Err(f) if transaction_only && f.code == Some(super::ApiCode::AlreadyAuthorized) => {
            Plan::SendCancel {
                key: facts.release_key.clone(),
                transaction_only: false,
            }
        }
        Err(f) => Plan::Report(Recovery::CancelFailed {
            reason: f.message.clone(),
        }),
    }
}

/// What a recovered sale or refund means for the customer's money: the question the cashier
/// asks first after a restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyMoved {
    /// The customer paid: the amount is captured.
    Taken,
    /// Nothing was, or will be, captured.
    NotTaken,
    /// Not settled yet: approved, reserved or still being asked about.
    Open,
    /// A refund went through: the customer has the money back.
    PaidBack,
    /// A refund was refused: nothing went back.
    NotPaidBack,
}

impl Recovery {
    pub fn money(&self) -> MoneyMoved {
        match self {
            Recovery::WasCaptured | Recovery::CapturedBeforeCancel => MoneyMoved::Taken,
            Recovery::DidNotPay
            | Recovery::NeverArrived
            | Recovery::Cancelled
            | Recovery::Released => MoneyMoved::NotTaken,
            Recovery::Capturing
            | Recovery::AwaitingCapture
            | Recovery::Watching
            | Recovery::WatchingUnreachable { .. }
            | Recovery::NoCustomer
            | Recovery::CancelFailed { .. }
            | Recovery::RefundUnconfirmed { .. }
            | Recovery::RefundUnreadable => MoneyMoved::Open,
            Recovery::RefundDone { .. } | Recovery::RefundNotSaved { .. } => MoneyMoved::PaidBack,
            Recovery::RefundRefused { .. } => MoneyMoved::NotPaidBack,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn facts(cancel: Option<bool>) -> SaleFacts {
        SaleFacts {
            total: Money::new(5000, Currency::Nok),
            has_customer: true,
            unanswered_cancel: cancel.map(|transaction_only| UnansweredCancel {
                key: "k-cancel".into(),
                transaction_only,
            }),
            release_key: "k-release".into(),
        }
    }

    fn status(state: PayState, captured: i64) -> Asked {
        Asked::Status(PaymentStatus {
            state,
            authorized: 5000,
            captured,
            cancelled: 0,
            refunded: 0,
        })
    }

    #[test]
    fn confirm_mode_waits_for_the_cashier_and_auto_hands_the_capture_to_the_core() {
        let approved = status(PayState::Authorized, 0);
        assert_eq!(
            plan(&facts(None), &approved, CaptureMode::Confirm),
            Plan::HandOver {
                settle: true,
                note: Recovery::AwaitingCapture
            }
        );
        assert_eq!(
            plan(&facts(None), &approved, CaptureMode::Auto),
            Plan::HandOver {
                settle: true,
                note: Recovery::Capturing
            }
        );
        // A part captured is still handed over: the core captures the rest with its own key.
        assert!(matches!(
            plan(
                &facts(None),
                &status(PayState::Authorized, 1000),
                CaptureMode::Auto
            ),
            Plan::HandOver { .. }
        ));
        assert_eq!(
            plan(
                &facts(None),
                &status(PayState::Authorized, 5000),
                CaptureMode::Auto
            ),
            Plan::Close {
                ending: Ending::Captured,
                captured: Some(5000),
                note: Recovery::WasCaptured
            }
        );
    }

    #[test]
    fn an_unanswered_cancel_is_sent_again_and_never_turns_into_a_capture() {
        for capture in [CaptureMode::Auto, CaptureMode::Confirm] {
            let waiting = status(PayState::Created, 0);
            assert_eq!(
                plan(&facts(Some(true)), &waiting, capture),
                Plan::SendCancel {
                    key: "k-cancel".into(),
                    transaction_only: true
                }
            );
            // Approved while the till was down: released, not captured.
            assert_eq!(
                plan(
                    &facts(Some(true)),
                    &status(PayState::Authorized, 0),
                    capture
                ),
                Plan::SendCancel {
                    key: "k-release".into(),
                    transaction_only: false
                }
            );
            // A release the cashier asked for goes with its own key.
            assert_eq!(
                plan(
                    &facts(Some(false)),
                    &status(PayState::Authorized, 0),
                    capture
                ),
                Plan::SendCancel {
                    key: "k-cancel".into(),
                    transaction_only: false
                }
            );
            // Unreachable: the cancel is still what is tried.
            assert!(matches!(
                plan(&facts(Some(true)), &Asked::Unreachable("x".into()), capture),
                Plan::SendCancel { .. }
            ));
        }
    }

    #[test]
    fn a_cancel_that_meets_an_approval_becomes_a_release() {
        let f = facts(Some(true));
        let refused = Err(ApiFailure {
            kind: crate::till::FailKind::default(),
            code: Some(crate::till::ApiCode::AlreadyAuthorized),
            message: "already authorized".into(),
            unknown_outcome: false,
        });
        assert_eq!(
            after_cancel(&f, true, &refused),
            Plan::SendCancel {
                key: "k-release".into(),
                transaction_only: false
            }
        );
        // Refused for another reason: reported, the entry stays for the next start.
        assert!(matches!(
            after_cancel(&f, false, &refused),
            Plan::Report(Recovery::CancelFailed { .. })
        ));
        let Asked::Status(terminated) = status(PayState::Terminated, 0) else {
            unreachable!()
        };
        assert_eq!(
            after_cancel(&f, true, &Ok(terminated)),
            Plan::Close {
                ending: Ending::Cancelled,
                captured: None,
                note: Recovery::Cancelled
            }
        );
        let Asked::Status(released) = status(PayState::Authorized, 0) else {
            unreachable!()
        };
        assert!(matches!(
            after_cancel(&f, false, &Ok(released)),
            Plan::Close {
                note: Recovery::Released,
                ..
            }
        ));
    }

    #[test]
    fn the_api_decides_what_happened_to_a_sale_no_one_cancelled() {
        let f = facts(None);
        assert!(matches!(
            plan(&f, &Asked::NotFound, CaptureMode::Auto),
            Plan::Close {
                note: Recovery::NeverArrived,
                ending: Ending::NoMoney,
                ..
            }
        ));
        assert!(matches!(
            plan(&f, &status(PayState::Aborted, 0), CaptureMode::Auto),
            Plan::Close {
                note: Recovery::DidNotPay,
                ..
            }
        ));
        assert_eq!(
            plan(&f, &status(PayState::Created, 0), CaptureMode::Auto),
            Plan::HandOver {
                settle: true,
                note: Recovery::Watching
            }
        );
        assert_eq!(
            plan(&f, &Asked::Unreachable("down".into()), CaptureMode::Auto),
            Plan::HandOver {
                settle: false,
                note: Recovery::WatchingUnreachable {
                    reason: "down".into()
                }
            }
        );
        let nobody = SaleFacts {
            has_customer: false,
            ..f
        };
        assert_eq!(
            plan(&nobody, &status(PayState::Created, 0), CaptureMode::Auto),
            Plan::Report(Recovery::NoCustomer)
        );
    }

    #[test]
    fn each_note_says_whether_money_was_taken() {
        assert_eq!(Recovery::WasCaptured.money(), MoneyMoved::Taken);
        assert_eq!(Recovery::NeverArrived.money(), MoneyMoved::NotTaken);
        assert_eq!(Recovery::AwaitingCapture.money(), MoneyMoved::Open);
        let refund = Recovery::RefundRefused {
            amount: Money::new(100, crate::domain::Currency::Nok),
            reason: String::new(),
        };
        assert_eq!(refund.money(), MoneyMoved::NotPaidBack);
    }
}
