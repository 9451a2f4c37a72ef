//! Newtype ids, so a vehicle id can never be passed where a customer id is meant.
use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
            specta::Type,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($name)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A customer file (客户档案).
    CustomerId
);
id_type!(
    /// A vehicle, whoever owns it now.
    VehicleId
);
id_type!(
    /// One odometer reading of one vehicle.
    OdometerReadingId
);
id_type!(
    /// A work order (委托书): one job on one vehicle.
    WorkOrderId
);
id_type!(
    /// A correction to a signed intake, kept beside the frozen original.
    AmendmentId
);
id_type!(
    /// One handwritten signature on a work order or an amendment.
    SignatureId
);
id_type!(
    /// One archived PDF of a signed form.
    ArchivedFormId
);
id_type!(
    /// One version of a job's estimate (维修估价单).
    EstimateId
);
id_type!(
    /// A labour operation, part or canned job of the price list.
    PriceItemId
);
id_type!(
    /// A person at the desk or in the workshop.
    StaffId
);
id_type!(
    /// One recorded supervisor approval (what, who, when, why).
    ApprovalId
);
id_type!(
    /// One settlement (结算单) of a job; a reopened one keeps its row.
    SettlementId
);
id_type!(
    /// One payment or refund on a job.
    PaymentId
);
id_type!(
    /// The exit notice (出厂通知单) of a job.
    ExitNoticeId
);
id_type!(
    /// A booking (预约) of a time at the shop, before the car arrives.
    AppointmentId
);
id_type!(
    /// A complaint (投诉) taken at the desk, numbered C-YYYY-NNNN.
    ComplaintId
);
id_type!(
    /// One try at a follow-up call (跟踪回访) after a car left.
    FollowUpCallId
);
