//! The X and Z reports at the runtime's edge: the books take the report from the journal and
//! journal it whole (the Z report once a day), the printer gets it laid out for its paper, and
//! the core gets the lines to show.

use super::effects::Edges;
use crate::books::{BooksError, Report, ReportKind, Stamp, TakenBy};
use crate::printer::{Document, PrintJob, Size, Style};
use crate::till::{Msg, ReportRefused, ShownReport};

impl Edges {
    pub(super) async fn take_report(
        &self,
        kind: ReportKind,
        cashier: Option<String>,
        print: bool,
    ) -> Msg {
        let (pos, company, training) = (self.pos_id.clone(), self.company.clone(), self.training);
        let taken = self
            .db(move |s| {
                let by = TakenBy {
                    cashier: cashier.as_deref(),
                    training,
                    stamp: Stamp::now(),
                };
                match kind {
                    ReportKind::X => crate::books::take_x(s, &pos, &company, by),
                    ReportKind::Z => crate::books::take_z(s, &pos, &company, by),
                }
            })
            .await;
        let report = match taken {
            Ok(Ok(r)) => r,
            Ok(Err(BooksError::ZAlreadyTaken { .. })) => {
                tracing::warn!("the Z report of today is taken already");
                return Msg::ReportTaken(Err(ReportRefused::ZAlreadyTaken));
            }
            Ok(Err(e)) => return refused(kind, e.to_string()),
            Err(e) => return refused(kind, e),
        };
        tracing::info!(
            ?kind,
            number = report.meta.number,
            net = report.net,
            "report taken"
        );
        let printer = self.printer.as_ref().filter(|_| print);
        if let Some(p) = printer {
            p.print(PrintJob::Document(self.paper(&report)));
        }
        let mut lines = crate::ui::text::report_lines(&report, self.language);
        let title = if lines.is_empty() {
            String::new()
        } else {
            lines.remove(0)
        };
        Msg::ReportTaken(Ok(ShownReport {
            kind,
            number: report.meta.number,
            title,
            lines,
            printed: printer.is_some(),
        }))
    }

    /// The report on paper: the same lines as on screen, fitted to the paper's columns.
    fn paper(&self, report: &Report) -> Document {
        let lines = crate::ui::text::report_lines_at(report, self.language, self.paper_columns);
        let mut doc = Document::new();
        for (i, line) in lines.into_iter().enumerate() {
            if i == 0 {
                doc.text(Style::NORMAL.bold().size(Size::DoubleHeight), line);
            } else if !line.is_empty() && line.chars().all(|c| c == '-') {
                doc.rule();
            } else {
                doc.line(line);
            }
        }
        doc.feed(3).cut();
        doc
    }
}

fn refused(kind: ReportKind, reason: String) -> Msg {
    tracing::error!(?kind, %reason, "cannot take the report");
    Msg::ReportTaken(Err(ReportRefused::Failed(reason)))
}
