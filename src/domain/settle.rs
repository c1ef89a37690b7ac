//! How the API's answer to a capture or refund is written into the local sale. Pure rules,
//! carried out by `runtime/sales.rs` inside one store transaction.

/// What a refund adds to the sale's refunded total.
///
/// The API's `refundedAmount` is the payment's whole refunded total, so the sale is brought up
/// to it: a refund re-sent after a crash (the API replays its answer) adds nothing the second
/// time. `refundedAmount` is required in the aggregate; zero after a successful refund means an
/// answer without it, and then the amount asked for is what moved. Never negative.
pub fn refund_to_add(api_refunded: i64, already_refunded: i64, asked: i64) -> i64 {
    let add = if api_refunded > 0 {
        api_refunded - already_refunded
    } else {
        asked
    };
    add.max(0)
}

/// The captured amount to record when the core closes a sale as captured. The core does so
/// only once the API shows the whole amount captured, and that may be learnt from a GET rather
/// than from the capture's own answer (lost to a timeout or a crash): the whole total is
/// recorded then, or a later refund would find nothing to give back.
pub fn captured_on_close(recorded: i64, total: i64) -> i64 {
    recorded.max(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refund_brings_the_sale_up_to_the_api_total() {
        assert_eq!(refund_to_add(5_000, 2_000, 3_000), 3_000);
    }

    #[test]
    fn a_replayed_refund_adds_nothing() {
        assert_eq!(refund_to_add(5_000, 5_000, 3_000), 0);
    }

    #[test]
    fn an_answer_without_a_total_adds_what_was_asked() {
        assert_eq!(refund_to_add(0, 2_000, 1_500), 1_500);
    }

    #[test]
    fn a_total_below_the_recorded_one_takes_nothing_back() {
        assert_eq!(refund_to_add(1_000, 2_000, 500), 0);
    }

    #[test]
    fn closing_as_captured_records_the_whole_total() {
        assert_eq!(captured_on_close(0, 24_900), 24_900);
        assert_eq!(captured_on_close(24_900, 24_900), 24_900);
        // A capture answer already recorded more (never expected; never lowered).
        assert_eq!(captured_on_close(30_000, 24_900), 30_000);
    }
}
