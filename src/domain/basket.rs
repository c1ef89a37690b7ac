//! The basket and its arithmetic: VAT per line, in integer minor units.
//!
//! The one rounding rule: prices include VAT, so each line's tax is taken out of its total,
//! `tax = round_half_up(total × rate / (10000 + rate))` with the rate in basis points, and
//! `excl = total − tax`. A weighed line's total is `round_half_up(price_per_kg × grams / 1000)`.
//! The bottom line is the sum of the lines, so lines and bottom line always agree to the øre.

use super::{Currency, Gtin, Money, Product, VatRate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    Pieces(u32),
    Grams(u32),
}

impl Quantity {
    /// The receipt's `quantity` string (`^\d+([.]\d{1,8})?$`): `2`, or kilograms like `0.532`.
    pub fn receipt_text(self) -> String {
        match self {
            Quantity::Pieces(n) => n.to_string(),
            Quantity::Grams(g) => {
                let (kg, rest) = (g / 1000, g % 1000);
                if rest == 0 {
                    kg.to_string()
                } else {
                    format!("{kg}.{rest:03}").trim_end_matches('0').to_string()
                }
            }
        }
    }

    /// For the screen: `2` or `0,532 kg`.
    pub fn display_text(self) -> String {
        match self {
            Quantity::Pieces(n) => n.to_string(),
            Quantity::Grams(_) => format!("{} kg", self.receipt_text().replace('.', ",")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub gtin: Gtin,
    pub name: String,
    /// Per piece or per kg, VAT included, before discount.
    pub unit_price: i64,
    pub quantity: Quantity,
    /// Total discount on the line, in minor units. Kept within `0..=gross` by every method
    /// that changes the line; readers use [`Line::discount_amount`], which clamps again so a
    /// hand-built line can never carry more discount than it has gross.
    pub discount: i64,
    /// A discount given as a percent of the line stays one: the amount is recomputed from it
    /// whenever the quantity changes (10 % of one cheese and 10 % of three are not the same).
    /// In tenths of a percent (`125` is 12,5 %), so a shop's `12,5%` is what it says.
    pub percent: Option<u16>,
    pub vat: VatRate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineTotals {
    /// Including VAT, after discount (the receipt's `totalAmount`).
    pub total: i64,
    /// `totalAmountExcludingTax`.
    pub excl: i64,
    /// `totalTaxAmount`.
    pub tax: i64,
}

/// Saturating: a catalogue price with a typo times a large quantity must not panic the till
/// nor wrap round to a small amount that could be charged. A saturated total is far above any
/// payment the API accepts, so it is refused there.
impl std::ops::Add for LineTotals {
    type Output = LineTotals;
    fn add(self, o: LineTotals) -> LineTotals {
        LineTotals {
            total: self.total.saturating_add(o.total),
            excl: self.excl.saturating_add(o.excl),
            tax: self.tax.saturating_add(o.tax),
        }
    }
}

/// `round(n / d)` with halves away from zero, for non-negative `d`.
fn div_round_half_up(n: i128, d: i128) -> i128 {
    if n >= 0 {
        (2 * n + d) / (2 * d)
    } else {
        -((-2 * n + d) / (2 * d))
    }
}

impl Line {
    pub fn from_product(p: &Product, quantity: Quantity) -> Line {
        Line {
            gtin: p.gtin.clone(),
            name: p.name.clone(),
            unit_price: p.price,
            quantity,
            discount: 0,
            percent: None,
            vat: p.vat,
        }
    }

    /// The discount as it counts, on screen, in the store and on the receipt: never below
    /// zero, never above the line's gross.
    pub fn discount_amount(&self) -> i64 {
        self.discount.clamp(0, self.gross().max(0))
    }

    /// A new quantity; the discount follows (a percent is recomputed, an amount clamped).
    pub fn set_quantity(&mut self, quantity: Quantity) {
        self.quantity = quantity;
        self.settle_discount();
    }

    /// A discount of `percent` % of the line, kept as a percent. `None` above 100.
    pub fn set_discount_percent(&mut self, percent: u8) -> Option<()> {
        self.set_discount_tenths(u16::from(percent) * 10)
    }

    /// A discount of `tenths` / 10 % of the line (`125` is 12,5 %), kept as a percent.
    /// `None` above 100 %.
    pub fn set_discount_tenths(&mut self, tenths: u16) -> Option<()> {
        (tenths <= 1000).then_some(())?;
        self.percent = (tenths > 0).then_some(tenths);
        self.discount = 0;
        self.settle_discount();
        Some(())
    }

    /// A fixed discount in minor units; `None` (and the line unchanged) when it is negative or
    /// more than the line is worth.
    pub fn set_discount_amount(&mut self, amount: i64) -> Option<()> {
        (0..=self.gross().max(0)).contains(&amount).then_some(())?;
        self.percent = None;
        self.discount = amount;
        Some(())
    }

    fn settle_discount(&mut self) {
        let gross = self.gross().max(0);
        self.discount = match self.percent {
            Some(p) => {
                let d = div_round_half_up(i128::from(gross) * i128::from(p), 1000);
                i64::try_from(d).unwrap_or(gross)
            }
            None => self.discount,
        }
        .clamp(0, gross);
    }

    /// The line before discount.
    pub fn gross(&self) -> i64 {
        let g = match self.quantity {
            Quantity::Pieces(n) => i128::from(self.unit_price) * i128::from(n),
            Quantity::Grams(g) => {
                div_round_half_up(i128::from(self.unit_price) * i128::from(g), 1000)
            }
        };
        i64::try_from(g).unwrap_or(i64::MAX)
    }

    pub fn totals(&self) -> LineTotals {
        let total = self.gross() - self.discount_amount();
        let rate = i128::from(self.vat.basis_points());
        let tax = div_round_half_up(i128::from(total) * rate, 10_000 + rate) as i64;
        LineTotals {
            total,
            excl: total - tax,
            tax,
        }
    }
}

/// Quantities above these are unusual enough to ask the cashier before they are taken (a
/// scanner burst or a slip of the finger, not a customer buying 999 999 cartons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_pieces: u32,
    pub max_grams: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_pieces: 99,
            max_grams: 25_000,
        }
    }
}

impl Limits {
    /// Whether `q` is more than a till should take without asking.
    pub fn unusual(self, q: Quantity) -> bool {
        match q {
            Quantity::Pieces(n) => n > self.max_pieces,
            Quantity::Grams(g) => g > self.max_grams,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basket {
    pub currency: Currency,
    pub lines: Vec<Line>,
}

impl Basket {
    pub fn new(currency: Currency) -> Basket {
        Basket {
            currency,
            lines: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds a line; a piece item already in the basket at the same price and without a
    /// discount gets one more instead of a new line (what a cashier expects when scanning the
    /// second carton of milk). Returns the index of the line that changed.
    pub fn add(&mut self, line: Line) -> usize {
        if let Quantity::Pieces(add) = line.quantity {
            if let Some(i) = self.lines.iter().position(|l| {
                l.gtin == line.gtin
                    && l.unit_price == line.unit_price
                    && l.discount == 0
                    && line.discount == 0
                    && l.percent.is_none()
                    && line.percent.is_none()
                    && matches!(l.quantity, Quantity::Pieces(_))
            }) {
                if let Quantity::Pieces(n) = &mut self.lines[i].quantity {
                    *n = n.saturating_add(add);
                }
                return i;
            }
        }
        self.lines.push(line);
        self.lines.len() - 1
    }

    pub fn totals(&self) -> LineTotals {
        self.lines
            .iter()
            .map(Line::totals)
            .fold(LineTotals::default(), |a, b| a + b)
    }

    pub fn total(&self) -> Money {
        Money::new(self.totals().total, self.currency)
    }

    /// VAT per rate, for the receipt summary: (rate, totals of lines at that rate).
    pub fn vat_summary(&self) -> Vec<(VatRate, LineTotals)> {
        let mut out: Vec<(VatRate, LineTotals)> = Vec::new();
        for l in &self.lines {
            match out.iter_mut().find(|(r, _)| *r == l.vat) {
                Some((_, t)) => *t = *t + l.totals(),
                None => out.push((l.vat, l.totals())),
            }
        }
        out.sort_by_key(|e| std::cmp::Reverse(e.0));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(unit_price: i64, quantity: Quantity, discount: i64, bp: u16) -> Line {
        Line {
            gtin: Gtin::parse("7038010009457").unwrap(),
            name: "x".into(),
            unit_price,
            quantity,
            discount,
            percent: None,
            vat: VatRate::from_basis_points(bp).unwrap(),
        }
    }

    #[test]
    fn seed_example_with_vat_taken_out_of_the_price() {
        // The seed issue lists excl 179925 / tax 59975 for this line: that is 25 % of the
        // gross, i.e. VAT added on top of a VAT-inclusive price. Norwegian VAT is 25 % of the
        // net: 191920 × 1.25 = 239900, so tax 47980. See the note on issue 2.
        let t = line(319900, Quantity::Pieces(1), 80000, 2500).totals();
        assert_eq!(
            t,
            LineTotals {
                total: 239900,
                excl: 191920,
                tax: 47980
            }
        );
        assert_eq!((t.excl * 12500) / 10000, t.total);
    }

    #[test]
    fn facts_sheet_receipt_lines() {
        assert_eq!(
            line(10000, Quantity::Pieces(2), 0, 2500).totals(),
            LineTotals {
                total: 20000,
                excl: 16000,
                tax: 4000
            }
        );
        assert_eq!(
            line(14900, Quantity::Pieces(1), 2000, 2500).totals(),
            LineTotals {
                total: 12900,
                excl: 10320,
                tax: 2580
            }
        );
    }

    #[test]
    fn rounding_is_half_up_per_line() {
        // 15 %: 1990 × 1500 / 11500 = 259.565… → 260.
        assert_eq!(line(1990, Quantity::Pieces(1), 0, 1500).totals().tax, 260);
        // 12 %: 2990 × 1200 / 11200 = 320.357… → 320.
        assert_eq!(line(2990, Quantity::Pieces(1), 0, 1200).totals().tax, 320);
        // Exactly half: 25 % of 5 øre incl. → 1 øre tax (5 × 2500 / 12500 = 1.0), and
        // 9 × 2500 / 12500 = 1.8 → 2.
        assert_eq!(line(9, Quantity::Pieces(1), 0, 2500).totals().tax, 2);
        // 0 % VAT.
        assert_eq!(
            line(5000, Quantity::Pieces(3), 0, 0).totals(),
            LineTotals {
                total: 15000,
                excl: 15000,
                tax: 0
            }
        );
    }

    #[test]
    fn weighed_line_rounds_the_price_then_the_tax() {
        // 189,90 kr/kg × 0,532 kg = 101,0268 → 101,03.
        let l = line(18990, Quantity::Grams(532), 0, 1500);
        assert_eq!(l.gross(), 10103);
        assert_eq!(Quantity::Grams(532).receipt_text(), "0.532");
        assert_eq!(Quantity::Grams(1500).receipt_text(), "1.5");
        assert_eq!(Quantity::Grams(2000).receipt_text(), "2");
        assert_eq!(Quantity::Grams(532).display_text(), "0,532 kg");
    }

    #[test]
    fn discount_never_makes_a_line_negative() {
        assert_eq!(
            line(1000, Quantity::Pieces(1), 5000, 2500).totals().total,
            0
        );
    }

    #[test]
    fn lines_add_up_to_the_bottom_line() {
        let mut b = Basket::new(Currency::Nok);
        for (p, q, d, r) in [
            (1990, 3, 0, 1500),
            (319900, 1, 80000, 2500),
            (2990, 2, 100, 1200),
            (1, 7, 0, 2500),
        ] {
            b.lines.push(line(p, Quantity::Pieces(q), d, r));
        }
        let t = b.totals();
        assert_eq!(t.total, t.excl + t.tax);
        let s: LineTotals = b
            .vat_summary()
            .iter()
            .fold(LineTotals::default(), |a, (_, x)| a + *x);
        assert_eq!(s, t);
        assert_eq!(b.vat_summary()[0].0.basis_points(), 2500);
    }

    #[test]
    fn scanning_the_same_item_twice_bumps_the_quantity() {
        let mut b = Basket::new(Currency::Nok);
        b.add(line(1990, Quantity::Pieces(1), 0, 1500));
        b.add(line(1990, Quantity::Pieces(1), 0, 1500));
        assert_eq!(b.lines.len(), 1);
        assert_eq!(b.lines[0].quantity, Quantity::Pieces(2));
        b.add(line(1990, Quantity::Grams(300), 0, 1500));
        assert_eq!(b.lines.len(), 2);
        assert_eq!(b.total(), Money::new(1990 * 2 + 597, Currency::Nok));
    }

    #[test]
    fn a_percent_discount_follows_the_quantity() {
        // Norvegia 79,90 at 10 %: 7,99 for one, 23,97 for three, 15,98 back at two.
        let mut l = line(7990, Quantity::Pieces(1), 0, 1500);
        l.set_discount_percent(10).unwrap();
        assert_eq!(l.discount_amount(), 799);
        l.set_quantity(Quantity::Pieces(3));
        assert_eq!(l.discount_amount(), 2397);
        assert_eq!(l.totals().total, 3 * 7990 - 2397);
        l.set_quantity(Quantity::Pieces(2));
        assert_eq!(l.discount_amount(), 1598);
        assert_eq!(l.set_discount_percent(101), None);
        assert_eq!(l.percent, Some(100));
        // 12,5 % of 79,90 is 9,9875: 9,99.
        l.set_quantity(Quantity::Pieces(1));
        l.set_discount_tenths(125).unwrap();
        assert_eq!(l.discount_amount(), 999);
        assert_eq!(l.set_discount_tenths(1001), None);
    }

    #[test]
    fn a_kroner_discount_is_clamped_to_the_line_at_all_times() {
        // TINE Lettmelk 24,90 × 3 with 60,00 off, then down to one: at most 24,90 off.
        let mut l = line(2490, Quantity::Pieces(3), 0, 1500);
        l.set_discount_amount(6000).unwrap();
        l.set_quantity(Quantity::Pieces(1));
        assert_eq!(l.discount, 2490);
        assert_eq!(l.discount_amount(), 2490);
        assert_eq!(l.totals().total, 0);
        assert_eq!(l.set_discount_amount(2491), None);
        assert_eq!(l.set_discount_amount(-1), None);
        // A line built by hand with too much discount still counts only its gross.
        let hand = line(1000, Quantity::Pieces(1), 5000, 2500);
        assert_eq!(hand.discount_amount(), 1000);
    }
}
