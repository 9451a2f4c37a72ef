//! The shop's figures (业务统计, issue 21): what the statistics count a job by. Types only;
//! the rules are `figures`, the use cases `desk::figures`.
/// A job's repair category: a noun of the job (`work_order`), named here too for the
/// statistics.
pub use crate::work_order::RepairCategory;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_reads_back_from_its_text() {
        for c in RepairCategory::ALL {
            assert_eq!(RepairCategory::parse(c.as_str()), Some(c));
        }
        assert_eq!(RepairCategory::parse("body"), None);
    }
}
