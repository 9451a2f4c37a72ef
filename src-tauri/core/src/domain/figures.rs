//! The shop's figures (业务统计, issue 21): what the statistics count a job by. Types only;
//! the rules are `figures`, the use cases `desk::figures`.
use serde::{Deserialize, Serialize};

/// A job's repair category (维修类别), chosen at intake and printed on the work order.
/// Jobs from before migration 020 that it could not classify have none, and count in an
/// explicit "unknown" row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RepairCategory {
    /// Scheduled maintenance (一级/二级维护): oil, filters, the service schedule.
    Maintenance,
    /// A repair of a fault (小修, 专项修理).
    Repair,
    /// Accident and body work (事故车, 钣金喷漆).
    Accident,
    /// Overhaul of the vehicle or a major assembly (大修, 总成修理).
    Overhaul,
    /// The car came back for work the shop did (返修).
    Comeback,
}

impl RepairCategory {
    pub const ALL: [RepairCategory; 5] = [
        Self::Maintenance,
        Self::Repair,
        Self::Accident,
        Self::Overhaul,
        Self::Comeback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Maintenance => "maintenance",
            Self::Repair => "repair",
            Self::Accident => "accident",
            Self::Overhaul => "overhaul",
            Self::Comeback => "comeback",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

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
