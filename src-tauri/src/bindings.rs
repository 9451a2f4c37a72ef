//! The command list and the generated TypeScript bindings (`ui/src/bindings.ts`): the UI
//! calls Rust only through them, and a test fails when the committed file is stale.
use std::path::Path;

use specta_typescript::Typescript;
use tauri_specta::{collect_commands, Builder};

use crate::commands::{
    appointment_print, appointments, customers, day, exit_print, export, follow_ups, overruns,
    pricing, settings, settlement, vehicles, work_orders, workshop_paper,
};

pub fn specta_builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            settings::boot_info,
            settings::set_ui_language,
            settings::get_settings,
            settings::save_settings,
            settings::pick_shop_logo,
            settings::clear_shop_logo,
            settings::shop_logo,
            customers::search_customers,
            customers::list_customers,
            customers::get_customer_file,
            customers::check_customer,
            customers::create_customer,
            customers::update_customer,
            customers::archive_customer,
            customers::unarchive_customer,
            customers::merge_customers,
            vehicles::vehicle_warnings,
            vehicles::create_vehicle,
            vehicles::update_vehicle,
            vehicles::add_odometer_reading,
            vehicles::transfer_vehicle,
            vehicles::archive_vehicle,
            work_orders::open_work_order,
            work_orders::get_work_order,
            work_orders::read_odometer,
            work_orders::save_intake_section,
            work_orders::set_work_order_status,
            work_orders::cancel_work_order,
            work_orders::sign_work_order,
            work_orders::add_amendment,
            work_orders::countersign_amendment,
            work_orders::verify_work_order,
            work_orders::list_open_work_orders,
            work_orders::list_work_orders,
            work_orders::customer_work_orders,
            work_orders::get_inspection_template,
            work_orders::save_inspection_template,
            work_orders::reset_inspection_template,
            work_orders::quick_belongings,
            work_orders::pick_photos,
            work_orders::store_photo_bytes,
            work_orders::photo_data_url,
            work_orders::signature_data_url,
            work_orders::list_archived_forms,
            work_orders::archive_signed_form,
            work_orders::plan_printing,
            work_orders::save_work_order_pdf,
            work_orders::open_work_order_pdf,
            work_orders::open_archived_form,
            work_orders::print_work_order,
            export::get_export_status,
            export::pick_export_target,
            export::set_export_keep,
            export::export_now,
            export::export_progress,
            export::cancel_export,
            export::set_export_passphrase,
            export::list_export_drives,
            export::choose_export_drive,
            export::backup_now,
            export::pick_bundle_for_restore,
            export::restore_and_restart,
            pricing::get_pricing_settings,
            pricing::save_pricing_settings,
            pricing::get_price_list,
            pricing::save_labour_op,
            pricing::save_part,
            pricing::save_canned_job,
            pricing::delete_price_item,
            pricing::search_prices,
            pricing::pick_price_import,
            pricing::apply_price_import,
            pricing::discard_price_import,
            pricing::export_price_list,
            pricing::get_estimate,
            pricing::preview_estimate,
            pricing::save_estimate_draft,
            pricing::revise_estimate,
            pricing::approve_estimate,
            pricing::save_estimate_file,
            pricing::open_estimate_pdf,
            pricing::print_estimate_pdf,
            pricing::get_workshop,
            pricing::check_extra_minutes,
            pricing::add_additional_item,
            pricing::answer_additional_item,
            pricing::record_progress,
            pricing::carry_overs,
            pricing::vehicle_carry_overs,
            pricing::add_carry_over,
            pricing::desk_tasks,
            pricing::save_additional_slip,
            pricing::open_additional_slip,
            workshop_paper::get_diagnosis,
            workshop_paper::check_planned_hours,
            workshop_paper::check_road_test_km,
            workshop_paper::save_diagnosis,
            workshop_paper::sign_diagnosis,
            workshop_paper::open_diagnosis,
            workshop_paper::save_diagnosis_as,
            workshop_paper::get_dispatch,
            workshop_paper::save_dispatch,
            workshop_paper::record_finding_notice,
            workshop_paper::open_dispatch,
            workshop_paper::save_dispatch_as,
            settlement::list_staff,
            settlement::save_staff,
            settlement::set_supervisor_pin,
            settlement::guard_journal,
            settlement::confirm_clock_ran_ahead,
            settlement::acting_staff,
            settlement::set_acting_staff,
            settlement::get_settlement_settings,
            settlement::read_desk_rules,
            settlement::save_settlement_settings,
            settlement::approve_as_supervisor,
            settlement::mark_ready,
            settlement::pickup_check,
            settlement::record_pickup_call,
            settlement::pickup_calls,
            settlement::get_settlement,
            settlement::save_settlement_draft,
            settlement::sign_settlement,
            settlement::list_payments,
            settlement::record_payment,
            settlement::void_payment,
            settlement::list_receivables,
            settlement::cash_change,
            settlement::check_correction_amount,
            settlement::reopen_settlement,
            settlement::refund_payment,
            settlement::issue_credit_note,
            settlement::list_credit_notes,
            settlement::customer_balance,
            settlement::issue_exit_notice,
            settlement::get_exit_notice,
            exit_print::open_exit_notice_pdf,
            exit_print::save_exit_notice_file,
            exit_print::print_exit_notice_pdf,
            settlement::handover_checklist,
            settlement::hand_over,
            settlement::day_figures,
            settlement::pickup_call_tasks,
            settlement::save_settle_form_file,
            settlement::open_settle_form_pdf,
            settlement::print_settle_form_pdf,
            day::open_day_report,
            day::save_day_report,
            day::print_day_report_pdf,
            day::today_date,
            appointments::booking_settings,
            appointments::save_booking_settings,
            appointments::check_booking,
            appointments::book_appointment,
            appointments::change_appointment,
            appointments::get_appointment,
            appointments::record_reminder_call,
            appointments::take_deposit,
            appointments::cancel_appointment,
            appointments::mark_no_show,
            appointments::decide_deposit,
            appointments::convert_appointment,
            appointments::booking_board,
            appointments::booking_week,
            appointments::appointment_view,
            appointments::appointments_today,
            appointments::appointment_register,
            appointments::appointment_tally,
            appointments::appointment_for_job,
            overruns::running_over,
            overruns::job_overrun,
            appointment_print::agree_appointment,
            appointment_print::appointment_agreement,
            appointment_print::open_appointment_slip,
            appointment_print::save_appointment_slip,
            appointment_print::print_appointment_slip_pdf,
            appointment_print::open_appointment_report,
            appointment_print::save_appointment_report,
            appointment_print::print_appointment_report_pdf,
            follow_ups::follow_up_settings,
            follow_ups::save_follow_up_settings,
            follow_ups::follow_up_queue,
            follow_ups::job_follow_up,
            follow_ups::customer_follow_ups,
            follow_ups::record_follow_up_call,
            follow_ups::link_follow_up_booking,
            follow_ups::follow_up_customer_told,
            follow_ups::report_follow_up,
            follow_ups::set_job_mark,
            follow_ups::open_follow_up_report,
            follow_ups::save_follow_up_report,
            follow_ups::print_follow_up_report_pdf,
        ])
        .dangerously_cast_bigints_to_number()
}

const HEADER: &str = "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p garage-desk bindings`.\n// Do not edit by hand.\n/* eslint-disable */\n// @ts-nocheck";

/// Writes the bindings to `path`.
pub fn export_bindings(path: &Path) -> Result<(), String> {
    specta_builder()
        .export(Typescript::default().header(HEADER), path)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_bindings_match_what_the_rust_types_generate() {
        let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let dir = std::env::temp_dir().join(format!("gd-bindings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let fresh_path = dir.join("bindings.ts");
        export_bindings(&fresh_path).expect("bindings export");
        let fresh = std::fs::read_to_string(&fresh_path).expect("fresh bindings");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &fresh).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p garage-desk bindings` and commit it"
        );
    }
}
