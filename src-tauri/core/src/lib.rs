//! Garage Desk core: the shop's rules, its SQLite store, its forms and its export, with no
//! Tauri dependency, in layers (ARCHITECTURE.md; `tests/layers.rs` keeps them): words and
//! nouns (`domain`), rules, the store (SQL), forms, the use cases (`desk`), export. The
//! shell calls the use cases — [`Store`] methods defined in `desk` and the `desk::print`
//! functions — and maps [`CoreError`] through [`CoreError::to_payload`]; everything here
//! runs headless and is tested headless.
pub mod booking;
pub mod customer;
pub mod customer_import;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod error;
pub mod export;
pub mod figures;
pub mod files;
pub mod follow_up;
pub mod forms;
pub mod i18n;
pub mod ids;
pub mod intake;
pub mod journal;
pub mod letters;
pub mod money;
pub mod pricing;
pub mod printer;
pub mod reason;
pub mod restore_journal;
pub mod search;
pub mod service_due;
pub mod settings;
pub mod settlement;
pub mod shop_day;
pub mod shop_folder;
pub mod store;
pub mod validate;
pub mod vehicle;
pub mod work_order;
pub mod workshop;

pub use customer::{
    Customer, CustomerFile, CustomerInput, CustomerKind, CustomerListQuery, CustomerPage,
    CustomerSummary, Phone, PhoneInput, PhoneLabel,
};
pub use error::{
    CoreError, DuplicateField, DuplicateHit, ErrorPayload, FieldIssue, FieldMessage, Warning,
};
pub use i18n::Lang;
pub use ids::{
    AmendmentId, AppointmentId, ApprovalId, ArchivedFormId, CustomerId, ExitNoticeId,
    OdometerReadingId, PaymentId, SettlementId, SignatureId, StaffId, VehicleId, WorkOrderId,
};
pub use search::{MatchKind, SearchHit, SearchRequest};
pub use settings::ShopSettings;
pub use store::{Store, StoreCounts};
pub use vehicle::{
    DistanceUnit, FuelType, OdometerInput, OdometerReading, OdometerSource, OwnershipPeriod,
    Vehicle, VehicleInput,
};
pub use work_order::{
    JobDetails, OpenWorkOrder, WorkOrder, WorkOrderFilter, WorkOrderPage, WorkOrderStatus,
    WorkOrderSummary,
};
