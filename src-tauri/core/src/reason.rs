//! Why the core refused something, as one closed list: every reason a field message or a
//! conflict can carry. The window receives these as a TypeScript union, and a test checks
//! that every one has its message (`error.<reason>`) in every language, so no code can
//! reach the screen as raw text.
use serde::{Deserialize, Serialize};

macro_rules! reasons {
    ($($name:ident => $code:literal,)*) => {
        /// A reason the core gives; its text code is the catalogue key suffix.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
        pub enum Reason {
            $(#[serde(rename = $code)] $name,)*
        }

        impl Reason {
            /// Every reason, for the catalogue test.
            pub const ALL: &'static [Reason] = &[$(Reason::$name,)*];

            /// The text code, e.g. `plate.format`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Reason::$name => $code,)*
                }
            }
        }
    };
}

reasons! {
    AppointmentBay => "appointment.bay",
    AppointmentBayTaken => "appointment.bay_taken",
    AppointmentChangedSinceShown => "appointment.changed_since_shown",
    AppointmentClosedDay => "appointment.closed_day",
    AppointmentDayFull => "appointment.day_full",
    AppointmentDuration => "appointment.duration",
    AppointmentInPast => "appointment.in_past",
    AppointmentMovedNeedsTime => "appointment.moved_needs_time",
    AppointmentMovedOnly => "appointment.moved_only",
    AppointmentNotOpen => "appointment.not_open",
    AppointmentNotYetDue => "appointment.not_yet_due",
    AppointmentOutsideHours => "appointment.outside_hours",
    AppointmentPartDescription => "appointment.part_description",
    AppointmentTooFar => "appointment.too_far",
    AppointmentPartQty => "appointment.part_qty",
    AppointmentRange => "appointment.range",
    AppointmentTime => "appointment.time",
    AppointmentTooManyParts => "appointment.too_many_parts",
    AppointmentWho => "appointment.who",
    BookingBays => "booking.bays",
    BookingCallingHours => "booking.calling_hours",
    BookingDaysOff => "booking.days_off",
    BookingDayOffRange => "booking.day_off_range",
    BookingNoOpenDay => "booking.no_open_day",
    BookingHours => "booking.hours",
    BookingTechnicians => "booking.technicians",
    DepositAboveCeiling => "deposit.above_ceiling",
    DepositAppointmentOpen => "deposit.appointment_open",
    DepositDecisionTooEarly => "deposit.decision_too_early",
    DepositNotHeld => "deposit.not_held",
    DepositOnAccount => "deposit.on_account",
    DepositTaken => "deposit.taken",
    AdditionalItemsNone => "additional_items.none",
    AdditionalItemsUnanswered => "additional_items.unanswered",
    AmendmentCustomerSigns => "amendment.customer_signs",
    AmendmentRequired => "amendment.required",
    ApprovalByRequired => "approval.by_required",
    ArchiveBusy => "archive.busy",
    ArchiveExists => "archive.exists",
    ArchiveFailed => "archive.failed",
    BackupUnknown => "backup.unknown",
    BelongingItemRequired => "belonging.item_required",
    BelongingQuantity => "belonging.quantity",
    BelongingsEmptyList => "belongings.empty_list",
    BelongingsNotRecorded => "belongings.not_recorded",
    BundleDamaged => "bundle.damaged",
    BundleNotABundle => "bundle.not_a_bundle",
    BundlePassphraseRequired => "bundle.passphrase_required",
    BundleTooNew => "bundle.too_new",
    BundleWrongPassphrase => "bundle.wrong_passphrase",
    BundleNotAFile => "bundle.not_a_file",
    BundlePathRefused => "bundle.path_refused",
    BundleSchemaForeign => "bundle.schema_foreign",
    BundleLargerThanDeclared => "bundle.larger_than_declared",
    RestoreNoSpace => "restore.no_space",
    StoredNameRefused => "file.stored_name_refused",
    CancelReasonRequired => "cancel.reason_required",
    CarryOverTaken => "carry_over.taken",
    ClockBehind => "clock.behind",
    ClockNotBehind => "clock.not_behind",
    CompanyNameRequired => "company_name.required",
    ComplaintRequired => "complaint.required",
    ContactRequired => "contact.required",
    CurrencyFormat => "currency.format",
    CustomerArchived => "customer.archived",
    CustomerMerged => "customer.merged",
    DamageOutside => "damage.outside",
    DelayNeedsCustomerTold => "delay.needs_customer_told",
    DelayNeedsReason => "delay.needs_reason",
    DelayNeedsTime => "delay.needs_time",
    DemoRealData => "demo.real_data",
    DialogFailed => "dialog.failed",
    DiagnosisCheckItemRequired => "diagnosis.check_item_required",
    DiagnosisReadingRequired => "diagnosis.reading_required",
    DiagnosisRoadDriverRequired => "diagnosis.road_driver_required",
    DiagnosisRoadDistance => "diagnosis.road_distance",
    DiagnosisKmText => "diagnosis.km_text",
    DiagnosisRoadObservedRequired => "diagnosis.road_observed_required",
    DiagnosisFindingsRequired => "diagnosis.findings_required",
    DiagnosisRecommendationRequired => "diagnosis.recommendation_required",
    DiagnosisTechnicianRequired => "diagnosis.technician_required",
    DiagnosisNothingChecked => "diagnosis.nothing_checked",
    DiagnosisSigned => "diagnosis.signed",
    DiagnosisNone => "diagnosis.none",
    DispatchAssigneeRequired => "dispatch.assignee_required",
    DispatchItemRequired => "dispatch.item_required",
    DispatchItemsEmpty => "dispatch.items_empty",
    DispatchHoursRange => "dispatch.hours_range",
    DispatchHoursText => "dispatch.hours_text",
    DispatchByRequired => "dispatch.by_required",
    DispatchTimeRange => "dispatch.time_range",
    DispatchNone => "dispatch.none",
    NoticeTakenByRequired => "notice.taken_by_required",
    NoticeReportedByRequired => "notice.reported_by_required",
    NoticeWhatRequired => "notice.what_required",
    NoticeTimeRequired => "notice.time_required",
    NoticeAlreadyRecorded => "notice.already_recorded",
    DiscountRange => "discount.range",
    DocumentLabelRequired => "document.label_required",
    EstimateApproved => "estimate.approved",
    EstimateChangedSinceShown => "estimate.changed_since_shown",
    EstimateEmpty => "estimate.empty",
    EstimateNotApproved => "estimate.not_approved",
    ExportCancelled => "export.cancelled",
    ExportDriveUnknown => "export.drive_unknown",
    ExportKeepRange => "export.keep_range",
    ExportPassphraseMismatch => "export.passphrase_mismatch",
    ExportRunning => "export.running",
    ExportTargetFull => "export.target_full",
    ExportTargetInsideData => "export.target_inside_data",
    ExportTargetLost => "export.target_lost",
    ExportTargetMissing => "export.target_missing",
    ExportVerifyFailed => "export.verify_failed",
    ExtraTimeRange => "extra_time.range",
    ExtraTimeWhole => "extra_time.whole",
    FileTooLarge => "file.too_large",
    FindingRequired => "finding.required",
    FoundByRequired => "found_by.required",
    FuelRange => "fuel.range",
    FuelRequired => "fuel.required",
    GuaranteeBelowShop => "guarantee.below_shop",
    GuaranteeRange => "guarantee.range",
    GuaranteeRequired => "guarantee.required",
    HoursOrFlatPrice => "price.hours_or_flat",
    ImportColumnMissing => "import.column_missing",
    ImportColumnUnknown => "import.column_unknown",
    ImportDecimals => "import.decimals",
    ImportDuplicate => "import.duplicate",
    ImportEncoding => "import.encoding",
    ImportHasRefusals => "import.has_refusals",
    ImportNothingPlanned => "import.nothing_planned",
    ImportNumber => "import.number",
    ImportSheetTooLarge => "import.sheet_too_large",
    ImportUnknownValue => "import.unknown_value",
    ImportUnreadable => "import.unreadable",
    IntakeChangedSinceShown => "intake.changed_since_shown",
    IntakeFrozen => "intake.frozen",
    IntakeNotFrozen => "intake.not_frozen",
    ItemAnswered => "item.answered",
    KeysCount => "keys.count",
    KeysSlotTaken => "keys.slot_taken",
    LineDescriptionRequired => "line.description_required",
    LineNotAPart => "line.not_a_part",
    ListTooLong => "list.too_long",
    LogoFormat => "logo.format",
    LogoTooLarge => "logo.too_large",
    MergeAlreadyMerged => "merge.already_merged",
    MergeSame => "merge.same",
    MoneyNegative => "money.negative",
    MoneyTooLarge => "money.too_large",
    NameRequired => "name.required",
    OdometerFutureDate => "odometer.future_date",
    OdometerLowerNeedsReason => "odometer.lower_needs_reason",
    OdometerRange => "odometer.range",
    OdometerRequired => "odometer.required",
    OdometerWhole => "odometer.whole",
    PassphraseLength => "passphrase.length",
    PhoneFormat => "phone.format",
    PhoneRepeated => "phone.repeated",
    PhoneRequired => "phone.required",
    PhonesPrimary => "phones.primary",
    PhotoFormat => "photo.format",
    PhotoReference => "photo.reference",
    PhotoTooLarge => "photo.too_large",
    PlateFormat => "plate.format",
    PlateRequired => "plate.required",
    PriceCodeRequired => "price.code_required",
    PriceCodeTaken => "price.code_taken",
    PrintFailed => "print.failed",
    PromisedInPast => "promised.in_past",
    QuantityRange => "quantity.range",
    RiskMarginRange => "risk_margin.range",
    SaveFolderMissing => "save.folder_missing",
    SaveInsideData => "save.inside_data",
    SaveNotAFile => "save.not_a_file",
    SaveNotPdf => "save.not_pdf",
    SaveWrongType => "save.wrong_type",
    ServiceDescriptionRequired => "service.description_required",
    ShopDatabaseMissing => "shop.database_missing",
    SignatureAlreadySigned => "signature.already_signed",
    SignatureEmpty => "signature.empty",
    SignaturePng => "signature.png",
    SignatureTooMuchInk => "signature.too_much_ink",
    SignerRequired => "signer.required",
    StatusCancelNeedsReason => "status.cancel_needs_reason",
    StatusNeedsCustomerSignature => "status.needs_customer_signature",
    StatusNeedsWorkshopSignature => "status.needs_workshop_signature",
    StatusTransition => "status.transition",
    TaxRateRange => "tax.rate_range",
    TemplateLabelRequired => "template.label_required",
    TemplateTooMany => "template.too_many",
    TemplateUnknownKey => "template.unknown_key",
    TextTooLong => "text.too_long",
    TransferOpenJob => "transfer.open_job",
    TransferSameOwner => "transfer.same_owner",
    ValidityRange => "validity.range",
    VehicleArchived => "vehicle.archived",
    ViewerFailed => "viewer.failed",
    VinChars => "vin.chars",
    VinCheckDigit => "vin.check_digit",
    VinLength => "vin.length",
    WorkOrderCancelled => "work_order.cancelled",
    WorkOrderPrefixFormat => "work_order_prefix.format",
    WorkOrderVehicleNotOwned => "work_order.vehicle_not_owned",
    YearRange => "year.range",
    ApprovalExpired => "approval.expired",
    ApprovalNotForThis => "approval.not_for_this",
    ApprovalReasonRequired => "approval.reason_required",
    ApprovalUsed => "approval.used",
    CashOnly => "cash.tendered_cash_only",
    CashTenderedShort => "cash.tendered_short",
    DiscountAboveTotal => "discount.above_total",
    DiscountNeedsSupervisor => "discount.needs_supervisor",
    ExitNeedsSettlement => "exit.needs_settlement",
    ExitNoticeIssued => "exit.notice_issued",
    ExitNoticeMissing => "exit.notice_missing",
    ExitUnpaid => "exit.unpaid",
    HandoverDone => "handover.done",
    HandoverMissingExplained => "handover.missing_needs_explanation",
    HandoverUnanswered => "handover.unanswered",
    OdometerBelowIntake => "odometer.below_intake",
    OldPartsUnanswered => "old_parts.unanswered",
    PaymentAboveDue => "payment.above_due",
    PaymentAmount => "payment.amount",
    PaymentVoided => "payment.voided",
    PaymentIsDeposit => "payment.is_deposit",
    PickupTimeRequired => "ready.pickup_time_required",
    LastSupervisor => "staff.last_supervisor",
    PinFormat => "pin.format",
    PinLocked => "pin.locked",
    PinNotSet => "pin.not_set",
    PinWrong => "pin.wrong",
    ReadyCheckIncomplete => "ready.check_incomplete",
    RefundAbovePaid => "refund.above_paid",
    SettlementChangedSinceShown => "settlement.changed_since_shown",
    SettlementEmpty => "settlement.nothing_approved",
    SettlementNeedsReady => "settlement.needs_ready",
    SettlementNotSigned => "settlement.not_signed",
    SettlementSigned => "settlement.signed",
    SettingsUnreadable => "settings.unreadable",
    StaffChangedMeanwhile => "staff.changed_meanwhile",
    SupervisorNeeded => "supervisor.needed",
    StaffInactive => "staff.inactive",
    StaffNotSupervisor => "staff.not_supervisor",
    StatusNeedsExit => "status.needs_exit_handover",
    StatusNeedsFinalCheck => "status.needs_final_check",
    CreditAboveTotal => "credit_note.above_total",
    ServiceIntervalRange => "settings.service_interval_range",
    NotifyTimeRange => "settings.notify_time_range",
    ShortJobRange => "settings.short_job_range",
    PaymentAfterCollection => "payment.after_collection",
    SettingsNumber => "settings.number",
    DiscountFormat => "discount.format",
    FollowUpWindow => "follow_up.window",
    FollowUpShare => "follow_up.share",
    FollowUpScore => "follow_up.score",
    FollowUpProblem => "follow_up.problem",
    FollowUpCalledBy => "follow_up.called_by",
    FollowUpNextService => "follow_up.next_service",
    FollowUpNotDue => "follow_up.not_due",
    FollowUpNotCalled => "follow_up.not_called",
    FollowUpNotForSupervisor => "follow_up.not_for_supervisor",
    FollowUpReported => "follow_up.reported",
    FollowUpBooked => "follow_up.booked",
    FollowUpRange => "follow_up.range",
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Reason {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{has_key, Lang};

    #[test]
    fn every_reason_has_its_message_in_every_language() {
        for reason in Reason::ALL {
            for lang in Lang::ALL {
                let key = format!("error.{reason}");
                assert!(has_key(lang, &key), "{key} missing in {}", lang.code());
            }
        }
    }

    #[test]
    fn a_reason_serializes_to_its_text_code() {
        let json = serde_json::to_string(&Reason::PlateFormat).unwrap_or_default();
        assert_eq!(json, r#""plate.format""#);
    }
}
