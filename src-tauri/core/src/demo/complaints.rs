//! The demo shop's complaints and comebacks: a few complaints of each kind about its
//! finished jobs, with their steps — some closed with the customer satisfied, one not, a
//! serious one closed by the supervisor with the demo PIN and compensation agreed, a
//! malicious one still open, and one past its promised answer time (late on Today). (The
//! comebacks, linked to the jobs they came back for, are the job history's: `plans`.) All
//! through the desk's own use cases; deterministic by seed.
use chrono::{Duration, NaiveDateTime};

use super::rng::Rng;
use super::settled::DEMO_SUPERVISOR_PIN;
use crate::domain::complaint::{
    ComplaintChannel, ComplaintClosingInput, ComplaintDemand, ComplaintInput, ComplaintKind,
    ComplaintStepInput,
};
use crate::error::Result;
use crate::settlement::staff::StaffRole;
use crate::settlement::supervision::SupervisorWord;
use crate::store::Store;
use crate::work_order::{WorkOrderFilter, WorkOrderStatus, WorkOrderSummary};

const TAKER: &str = "周敏";

/// One demo complaint: what it is and how far it went.
struct Plan {
    kind: ComplaintKind,
    channel: ComplaintChannel,
    words: &'static str,
    demands: &'static [ComplaintDemand],
    /// Days before `now` it was taken.
    days_ago: i64,
    step: Option<&'static str>,
    /// `Some(satisfied)`: closed a day after it was taken.
    closed: Option<bool>,
    compensation: bool,
}

const PLANS: &[Plan] = &[
    Plan {
        kind: ComplaintKind::General,
        channel: ComplaintChannel::Phone,
        words: "洗车没洗干净，座椅上还有油手印。",
        demands: &[ComplaintDemand::Apology],
        days_ago: 20,
        step: Some("致电道歉，约客户回店免费精洗。"),
        closed: Some(true),
        compensation: false,
    },
    Plan {
        kind: ComplaintKind::General,
        channel: ComplaintChannel::InPerson,
        words: "The brakes squeal again after the pads were changed.",
        demands: &[ComplaintDemand::FreeRepair],
        days_ago: 14,
        step: Some("Road test: a pad clip was loose; refitted free under guarantee."),
        closed: Some(true),
        compensation: false,
    },
    Plan {
        kind: ComplaintKind::General,
        channel: ComplaintChannel::Letter,
        words: "结算单上的工时费比报价高了两百元，没有人提前告诉我。",
        demands: &[ComplaintDemand::Apology, ComplaintDemand::Compensation],
        days_ago: 10,
        step: Some("核对估价单与结算单：追加项目经客户电话同意，录音在案。"),
        closed: Some(false),
        compensation: false,
    },
    Plan {
        kind: ComplaintKind::Serious,
        channel: ComplaintChannel::Online,
        words: "出厂第二天高速上发动机故障灯亮，差点出事！已发到朋友圈。",
        demands: &[
            ComplaintDemand::FreeRepair,
            ComplaintDemand::Compensation,
            ComplaintDemand::Apology,
        ],
        days_ago: 7,
        step: Some("业务主管亲自致电，安排拖车回店，技术经理检查点火线圈。"),
        closed: Some(true),
        compensation: true,
    },
    Plan {
        kind: ComplaintKind::Malicious,
        channel: ComplaintChannel::Phone,
        words: "你们把我的原厂零件换成了副厂件，不退钱我就去电视台。",
        demands: &[ComplaintDemand::TakeBack, ComplaintDemand::Compensation],
        days_ago: 1,
        step: Some("调出旧件交还记录与客户签字，报业务主管。"),
        closed: None,
        compensation: false,
    },
    Plan {
        kind: ComplaintKind::General,
        channel: ComplaintChannel::Phone,
        words: "空调修完还是不够凉。",
        demands: &[ComplaintDemand::FreeRepair],
        days_ago: 3,
        step: None,
        closed: None,
        compensation: false,
    },
];

/// The shop's finished jobs, newest first (at most 500).
fn finished(store: &Store, now: NaiveDateTime) -> Result<Vec<WorkOrderSummary>> {
    let filter = WorkOrderFilter {
        statuses: vec![WorkOrderStatus::Collected],
        limit: 500,
        ..WorkOrderFilter::default()
    };
    Ok(store.list_work_orders(&filter, now)?.items)
}

/// Adds the complaints; returns how many.
pub(super) fn generate(store: &Store, seed: u64, now: NaiveDateTime) -> Result<usize> {
    let mut rng = Rng::new(seed ^ 0xC0_4B1A_1275);
    let jobs = finished(store, now)?;
    if jobs.is_empty() {
        return Ok(0);
    }
    let boss = store
        .list_staff()?
        .into_iter()
        .find(|s| s.role == StaffRole::Supervisor && s.active && s.has_pin);
    let word = boss.map(|b| SupervisorWord {
        supervisor_id: b.id,
        pin: DEMO_SUPERVISOR_PIN.to_string(),
    });
    let mut count = 0;
    for plan in PLANS {
        let taken_at = now - Duration::days(plan.days_ago) - Duration::minutes(rng.range(30, 300));
        // A job finished before the complaint, picked by the seed.
        let earlier: Vec<&WorkOrderSummary> =
            jobs.iter().filter(|j| j.opened_at < taken_at).collect();
        let Some(job) = (!earlier.is_empty()).then(|| *rng.pick(&earlier)) else {
            continue;
        };
        log(store, plan, job, taken_at, word.as_ref())?;
        count += 1;
    }
    Ok(count)
}

fn log(
    store: &Store,
    plan: &Plan,
    job: &WorkOrderSummary,
    taken_at: NaiveDateTime,
    word: Option<&SupervisorWord>,
) -> Result<()> {
    let input = ComplaintInput {
        customer_id: job.customer_id,
        vehicle_id: job.vehicle_id,
        work_order_id: Some(job.id),
        channel: plan.channel,
        kind: plan.kind,
        words: plan.words.to_string(),
        demands: plan.demands.to_vec(),
        taken_by: TAKER.to_string(),
        answer_now: String::new(),
        answer_by: Some(taken_at + Duration::hours(24)),
    };
    let c = store.log_complaint(&input, taken_at)?;
    if let Some(action) = plan.step {
        let step = ComplaintStepInput {
            by: TAKER.to_string(),
            action: action.to_string(),
            next_answer_by: Some(taken_at + Duration::hours(48)),
        };
        store.add_complaint_step(c.id, &step, taken_at + Duration::hours(4))?;
    }
    if let Some(satisfied) = plan.closed {
        let closing = ComplaintClosingInput {
            answer: match satisfied {
                true => "问题已处理，客户表示满意。".to_string(),
                false => "已解释收费依据，客户仍不认可。".to_string(),
            },
            satisfied: Some(satisfied),
            closed_by: TAKER.to_string(),
            compensation_agreed: plan.compensation,
        };
        store.close_complaint(c.id, &closing, word, taken_at + Duration::hours(30))?;
    }
    Ok(())
}
