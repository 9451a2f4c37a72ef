//! The columns a customer list may have, as one table: the key the mapping names, the
//! headers it is recognised by (English and Chinese), and what its cell sets on the row's
//! draft. A new field of the customer or vehicle is one more line here.
use chrono::NaiveDate;

use super::values::{
    parse_date, parse_fuel, parse_language, parse_vehicle_kind, parse_whole, parse_yes_no,
};
use crate::customer::{CustomerInput, CustomerKind, PhoneInput, PhoneLabel};
use crate::domain::care::VehicleCareInput;
use crate::reason::Reason;
use crate::vehicle::VehicleInput;

/// One row of the file read into what the customer and vehicle forms would send.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub customer: CustomerInput,
    pub vehicle: VehicleInput,
    /// The column each of `customer.phones` came from, for the refusal's field.
    pub phone_columns: Vec<&'static str>,
    /// Whether any vehicle column held something.
    pub has_vehicle: bool,
    pub odometer: Option<i64>,
    pub odometer_on: Option<NaiveDate>,
    /// The vehicle's kind, purchase date and dealer (the care the file fills in).
    pub care: VehicleCareInput,
    /// Whether any of the care columns held something.
    pub has_care: bool,
}

type Set = fn(&mut Draft, &str) -> Result<(), Reason>;

/// A column of the list.
pub struct Column {
    pub key: &'static str,
    pub headers: &'static [&'static str],
    pub vehicle: bool,
    pub set: Set,
}

fn phones(draft: &mut Draft, text: &str, label: PhoneLabel, key: &'static str) {
    // One cell may hold two numbers: "138 1234 5678 / 0755-2660 1234".
    for number in text.split(['/', ',', ';', '、', '，', '；']) {
        if number.trim().is_empty() {
            continue;
        }
        let phone = PhoneInput {
            label,
            number: number.trim().to_string(),
            is_primary: false,
        };
        // Mobiles first, so the primary number is a mobile when there is one.
        let at = match label {
            PhoneLabel::Mobile => draft.phone_columns.iter().filter(|c| **c == key).count(),
            _ => draft.customer.phones.len(),
        };
        draft.customer.phones.insert(at, phone);
        draft.phone_columns.insert(at, key);
    }
}

macro_rules! text {
    ($($part:ident).+) => {
        |d: &mut Draft, t: &str| {
            d.$($part).+ = t.trim().to_string();
            Ok(())
        }
    };
}

macro_rules! date {
    ($($part:ident).+) => {
        |d: &mut Draft, t: &str| {
            d.$($part).+ = Some(parse_date(t)?);
            Ok(())
        }
    };
}

/// Every column, in the order the mapper lists them.
#[rustfmt::skip]
pub const COLUMNS: &[Column] = &[
    Column { key: "name", vehicle: false, set: text!(customer.name),
        headers: &["name", "customer", "customer name", "owner", "姓名", "客户名称", "客户", "客户姓名", "车主", "车主姓名", "名称"] },
    Column { key: "company", vehicle: false, set: text!(customer.company_name),
        headers: &["company", "company name", "employer", "单位", "公司", "单位名称", "公司名称", "工作单位"] },
    Column { key: "contact_person", vehicle: false, set: text!(customer.contact_person),
        headers: &["contact", "contact person", "联系人"] },
    Column { key: "mobile", vehicle: false, set: |d, t| { phones(d, t, PhoneLabel::Mobile, "mobile"); Ok(()) },
        headers: &["mobile", "phone", "mobile phone", "cell", "telephone", "tel", "电话", "手机", "手机号", "手机号码", "联系电话", "电话号码", "移动电话"] },
    Column { key: "other_phone", vehicle: false, set: |d, t| { phones(d, t, PhoneLabel::Other, "other_phone"); Ok(()) },
        headers: &["other phone", "phone 2", "home phone", "work phone", "landline", "其他电话", "固定电话", "座机", "电话2", "办公电话", "家庭电话"] },
    Column { key: "address", vehicle: false, set: text!(customer.address),
        headers: &["address", "地址", "住址", "联系地址", "通讯地址"] },
    Column { key: "language", vehicle: false,
        set: |d, t| { if let Some(lang) = parse_language(t)? { d.customer.preferred_language = lang; } Ok(()) },
        headers: &["language", "preferred language", "语言", "语种", "首选语言"] },
    Column { key: "follow_up", vehicle: false, set: |d, t| { d.customer.agrees_to_follow_up = parse_yes_no(t)?; Ok(()) },
        headers: &["follow-up", "follow up", "consent", "follow-up consent", "agrees to follow-up", "回访", "同意回访", "是否回访", "回访同意"] },
    Column { key: "notes", vehicle: false, set: text!(customer.notes),
        headers: &["notes", "note", "remarks", "comment", "comments", "备注", "说明"] },
    Column { key: "plate", vehicle: true, set: text!(vehicle.plate),
        headers: &["plate", "plate number", "licence plate", "license plate", "registration number", "车牌", "车牌号", "车牌号码", "号牌", "号牌号码"] },
    Column { key: "vin", vehicle: true, set: text!(vehicle.vin),
        headers: &["vin", "vin number", "chassis number", "frame number", "车架号", "车辆识别代号", "识别代号", "vin码", "车辆识别号"] },
    Column { key: "make", vehicle: true, set: text!(vehicle.make),
        headers: &["make", "brand", "品牌", "厂牌", "车辆品牌"] },
    Column { key: "model", vehicle: true, set: text!(vehicle.model),
        headers: &["model", "vehicle model", "车型", "型号", "车辆型号"] },
    Column { key: "year", vehicle: true,
        set: |d, t| { d.vehicle.year = Some(i32::try_from(parse_whole(t)?).map_err(|_| Reason::YearRange)?); Ok(()) },
        headers: &["year", "model year", "年份", "年款", "出厂年份"] },
    Column { key: "colour", vehicle: true, set: text!(vehicle.colour),
        headers: &["colour", "color", "颜色", "车身颜色"] },
    Column { key: "engine_number", vehicle: true, set: text!(vehicle.engine_number),
        headers: &["engine number", "engine no", "发动机号", "发动机号码"] },
    Column { key: "fuel", vehicle: true, set: |d, t| { d.vehicle.fuel_type = parse_fuel(t)?; Ok(()) },
        headers: &["fuel", "fuel type", "燃油", "燃料", "燃油类型", "燃料类型", "能源类型"] },
    Column { key: "registration_date", vehicle: true, set: date!(vehicle.registration_date),
        headers: &["registration date", "first registration", "注册日期", "登记日期", "初次登记日期"] },
    Column { key: "insurance_expiry", vehicle: true, set: date!(vehicle.insurance_expiry),
        headers: &["insurance expiry", "insurance due", "保险到期", "保险到期日", "保险到期日期"] },
    Column { key: "inspection_expiry", vehicle: true, set: date!(vehicle.inspection_expiry),
        headers: &["inspection expiry", "inspection due", "年检到期", "年审到期", "年检到期日"] },
    Column { key: "odometer", vehicle: true, set: |d, t| { d.odometer = Some(parse_whole(t)?); Ok(()) },
        headers: &["odometer", "mileage", "km", "里程", "公里数", "行驶里程", "里程数", "表显里程"] },
    Column { key: "odometer_date", vehicle: true, set: date!(odometer_on),
        headers: &["odometer date", "mileage date", "reading date", "里程日期", "抄表日期", "里程记录日期"] },
    // 车型 stays the model's header: in the trade it names the model (汉, 凯美瑞).
    Column { key: "vehicle_kind", vehicle: true,
        set: |d, t| { d.care.kind = parse_vehicle_kind(t)?; d.has_care = true; Ok(()) },
        headers: &["vehicle kind", "vehicle type", "kind", "body type", "车辆类型", "类型", "车辆种类", "车类"] },
    Column { key: "purchase_date", vehicle: true,
        set: |d, t| { d.care.purchase_date = Some(parse_date(t)?); d.has_care = true; Ok(()) },
        headers: &["purchase date", "date of purchase", "bought on", "购车日期", "购买日期", "购车时间"] },
    Column { key: "dealer", vehicle: true,
        set: |d, t| { d.care.dealer = t.trim().to_string(); d.has_care = true; Ok(()) },
        headers: &["dealer", "dealership", "sold by", "经销商", "销售商", "购车处", "购车地点"] },
];

pub fn column(key: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.key == key)
}

/// A header as compared: case, spaces and punctuation ignored.
pub fn header_key(header: &str) -> String {
    header
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"_-.:：()（）*#/".contains(*c))
        .collect()
}

/// The column each header most likely is: an exact name first, else a known name the
/// header contains, one it ends with first (a Chinese header ends with its noun: "客户手机"
/// is a mobile), then the longest. A column is guessed once at most.
pub fn guess(headers: &[String]) -> Vec<Option<String>> {
    let mut taken: Vec<&str> = Vec::new();
    let mut out = vec![None; headers.len()];
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    for exact in [true, false] {
        for (i, header) in keys.iter().enumerate() {
            if out[i].is_some() || header.is_empty() {
                continue;
            }
            let best = COLUMNS
                .iter()
                .filter(|c| !taken.contains(&c.key))
                .flat_map(|c| c.headers.iter().map(move |h| (c.key, header_key(h))))
                .filter(|(_, h)| {
                    if exact {
                        h == header
                    } else {
                        h.chars().count() >= 2 && header.contains(h.as_str())
                    }
                })
                .max_by_key(|(_, h)| (header.ends_with(h.as_str()), h.chars().count()));
            if let Some((key, _)) = best {
                taken.push(key);
                out[i] = Some(key.to_string());
            }
        }
    }
    out
}

/// Reads one row's cells through `mapping` (one entry per cell); the first bad cell of
/// each column is a refusal of that column.
pub fn read_row(
    mapping: &[Option<&'static Column>],
    cells: &[String],
) -> (Draft, Vec<(&'static str, Reason)>) {
    let mut draft = Draft::default();
    let mut issues = Vec::new();
    for (column, cell) in mapping.iter().zip(cells) {
        let Some(column) = column else { continue };
        if cell.trim().is_empty() {
            continue;
        }
        draft.has_vehicle |= column.vehicle;
        if let Err(reason) = (column.set)(&mut draft, cell) {
            issues.push((column.key, reason));
        }
    }
    if draft.customer.name.is_empty() && !draft.customer.company_name.is_empty() {
        draft.customer.kind = CustomerKind::Company;
    }
    (draft, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guessed(headers: &[&str]) -> Vec<Option<String>> {
        guess(&headers.iter().map(|h| h.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn english_and_chinese_headers_are_recognised() {
        let got = guessed(&[
            "客户名称",
            "手机",
            "车牌号",
            "车架号",
            "品牌",
            "车型",
            "颜色",
            "地址",
            "单位",
            "Whatever",
        ]);
        let want = [
            "name", "mobile", "plate", "vin", "make", "model", "colour", "address", "company",
        ];
        for (i, key) in want.iter().enumerate() {
            assert_eq!(got[i].as_deref(), Some(*key), "header {i}");
        }
        assert_eq!(
            got[9], None,
            "an unknown header is left unmapped for the user"
        );
        let got = guessed(&[
            "Customer Name",
            "Mobile Phone",
            "Plate_Number",
            "VIN",
            "Odometer",
            "Odometer date",
        ]);
        assert_eq!(got.iter().flatten().count(), 6);
        assert_eq!(got[5].as_deref(), Some("odometer_date"));
    }

    #[test]
    fn a_header_containing_a_known_name_is_guessed_and_no_column_twice() {
        let got = guessed(&["客户手机", "车主姓名", "联系人电话"]);
        assert_eq!(got[0].as_deref(), Some("mobile"), "it ends with 手机");
        assert_eq!(got[1].as_deref(), Some("name"));
        assert_eq!(
            got[2].as_deref(),
            Some("contact_person"),
            "the mobile is taken"
        );
        let got = guessed(&["电话", "手机"]);
        assert_eq!(got, vec![Some("mobile".into()), None], "no column twice");
    }

    #[test]
    fn the_care_columns_are_guessed_from_chinese_and_english_headers() {
        let got = guessed(&["车型", "车辆类型", "购车日期", "经销商"]);
        let want = ["model", "vehicle_kind", "purchase_date", "dealer"];
        for (i, key) in want.iter().enumerate() {
            assert_eq!(got[i].as_deref(), Some(*key), "header {i}");
        }
        let got = guessed(&["类型", "购买日期", "销售商"]);
        assert_eq!(
            got,
            vec![
                Some("vehicle_kind".into()),
                Some("purchase_date".into()),
                Some("dealer".into())
            ]
        );
        let got = guessed(&["Vehicle type", "Purchase date", "Dealer"]);
        assert_eq!(got.iter().flatten().count(), 3);
        assert_eq!(guessed(&["购车处"])[0].as_deref(), Some("dealer"));
    }

    #[test]
    fn column_keys_are_unique() {
        let mut keys: Vec<_> = COLUMNS.iter().map(|c| c.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), COLUMNS.len());
    }
}
