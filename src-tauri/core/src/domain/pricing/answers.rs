//! How a customer answers about the work: the channel an approval came by, where an
//! additional item stands, and what came of a call about it.
use serde::{Deserialize, Serialize};

/// How the customer's answer reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalChannel {
    /// Signed on the pad at the desk.
    Signature,
    /// Said so at the desk, not signed.
    InPerson,
    Phone,
    /// A text or chat message.
    Message,
}

impl ApprovalChannel {
    pub const ALL: [ApprovalChannel; 4] =
        [Self::Signature, Self::InPerson, Self::Phone, Self::Message];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signature => "signature",
            Self::InPerson => "in_person",
            Self::Phone => "phone",
            Self::Message => "message",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    /// Waiting for the customer's answer.
    Proposed,
    Approved,
    Declined,
}

impl ProposalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Approved => "approved",
            Self::Declined => "declined",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Proposed, Self::Approved, Self::Declined]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// What came of one call about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    Approved,
    Declined,
    /// Nobody answered: try again.
    NotReached,
}

impl ContactOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::NotReached => "not_reached",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Approved, Self::Declined, Self::NotReached]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Where a version of the estimate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum EstimateStatus {
    /// Being priced; may change.
    Draft,
    /// Approved by the customer: frozen.
    Approved,
    /// Approved once, replaced by a later approved version.
    Superseded,
}

impl EstimateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Approved => "approved",
            Self::Superseded => "superseded",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Draft, Self::Approved, Self::Superseded]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}
