//! Who and what: the customer beside the vehicle, with the plate set large so the car
//! and its paperwork are matched at a glance; and for the other forms the same in one
//! row of cells with an odometer reading.
use super::blocks::{box_title, cell_row, stack, Cell, Ctx, VALUE};
use super::draw::{Block, TextStyle};
use super::flow::{LEFT, WIDTH};
use super::model::FuelType;
use super::{CustomerPart, DistanceUnit, Odometer, VehiclePart};

const GAP: f32 = 4.0;

/// The two boxes side by side, made the same height.
pub(crate) fn customer_and_vehicle(ctx: &Ctx) -> Block {
    let w = (WIDTH - GAP) / 2.0;
    let left = customer_rows(ctx, LEFT, w);
    let right = vehicle_rows(ctx, LEFT + w + GAP, w);
    let left_h: f32 = left.iter().map(|b| b.h).sum();
    let right_h: f32 = right.iter().map(|b| b.h).sum();
    let (left, right) = (equalise(left, right_h), equalise(right, left_h));
    let mut b = Block::new(0.0);
    b.place(box_title(ctx, LEFT, w, "form.customer.title"), 0.0);
    b.place(box_title(ctx, LEFT + w + GAP, w, "form.vehicle.title"), 0.0);
    let top = b.h;
    b.place(stack(left), top);
    b.place(stack(right), top);
    b
}

type Rows = Vec<Block>;

fn rows(ctx: &Ctx, x: f32, w: f32, cells: Vec<Vec<Cell>>) -> Rows {
    cells
        .iter()
        .map(|row| cell_row(ctx, x, w, row, false))
        .collect()
}

/// Stretches the last row of `mine` so the box ends level with the other one.
fn equalise(mut mine: Rows, other_h: f32) -> Rows {
    let missing = other_h - mine.iter().map(|b| b.h).sum::<f32>();
    if missing > 0.01 {
        if let Some(last) = mine.last_mut() {
            let old = last.h;
            for prim in &mut last.prims {
                stretch(prim, old, old + missing);
            }
            last.h = old + missing;
        }
    }
    mine
}

/// Moves the bottom edge of a cell row from `old` to `new`.
fn stretch(prim: &mut super::draw::Prim, old: f32, new: f32) {
    use super::draw::Prim;
    if let Prim::Line { y1, y2, .. } = prim {
        if (*y1 - old).abs() < 0.01 {
            *y1 = new;
        }
        if (*y2 - old).abs() < 0.01 {
            *y2 = new;
        }
    }
}

fn customer_rows(ctx: &Ctx, x: f32, w: f32) -> Rows {
    let c = &ctx.doc.customer;
    let l = &ctx.l;
    let dash = || "—".to_string();
    let mut cells = vec![vec![
        Cell::new(l.get("form.customer.name"), &c.name, 0.8).styled(VALUE.bold()),
        Cell::new(l.get("form.customer.phones"), c.phones.join(" / "), 1.2),
    ]];
    let address = c
        .address
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(dash);
    match c.company.as_deref().filter(|co| !co.trim().is_empty()) {
        Some(company) => cells.push(vec![
            Cell::new(l.get("form.customer.company"), company, 0.8),
            Cell::new(l.get("form.customer.address"), address, 1.2),
        ]),
        None => cells.push(vec![Cell::new(
            l.get("form.customer.address"),
            address,
            1.0,
        )]),
    }
    rows(ctx, x, w, cells)
}

fn vehicle_rows(ctx: &Ctx, x: f32, w: f32) -> Rows {
    let v = &ctx.doc.vehicle;
    let l = &ctx.l;
    let mut make_model = format!("{} {}", v.make, v.model).trim().to_string();
    if let Some(year) = v.year {
        make_model.push_str(&format!("  ({year})"));
    }
    let plate = TextStyle::new(15.0).bold();
    let cells = vec![
        vec![
            Cell::new(l.get("form.vehicle.plate"), &v.plate, 0.9).styled(plate),
            Cell::new(l.get("form.vehicle.make_model"), make_model, 1.1),
        ],
        vec![
            Cell::new(l.get("form.vehicle.vin"), &v.vin, 1.45).styled(VALUE.bold()),
            Cell::new(l.get("form.vehicle.colour"), &v.colour, 0.7),
            Cell::new(l.get("form.vehicle.fuel"), l.get(fuel_key(v.fuel)), 0.85),
        ],
    ];
    rows(ctx, x, w, cells)
}

fn fuel_key(fuel: FuelType) -> &'static str {
    match fuel {
        FuelType::Petrol => "form.fuel.petrol",
        FuelType::Diesel => "form.fuel.diesel",
        FuelType::Hybrid => "form.fuel.hybrid",
        FuelType::PlugInHybrid => "form.fuel.plug_in_hybrid",
        FuelType::Electric => "form.fuel.electric",
        FuelType::Lpg => "form.fuel.lpg",
        FuelType::Cng => "form.fuel.cng",
        FuelType::Other => "form.fuel.other",
    }
}

/// The customer and the vehicle in one row of cells, with the odometer at intake (the
/// estimate and the additional-items slip).
pub(crate) fn customer_vehicle_row<D>(
    ctx: &Ctx<D>,
    customer: &CustomerPart,
    vehicle: &VehiclePart,
    odometer: Option<Odometer>,
) -> Block {
    let odometer = odometer.map(|o| {
        let unit = match o.unit {
            DistanceUnit::Km => "form.unit.km",
            DistanceUnit::Mi => "form.unit.mi",
        };
        (i64::from(o.value), unit)
    });
    let key = "form.estimate.odometer_at_intake";
    parties_row(ctx, customer, vehicle, key, odometer)
}

/// The customer, the vehicle and an odometer reading (value, unit key) under
/// `odometer_key`, in one row of cells.
pub(crate) fn parties_row<D>(
    ctx: &Ctx<D>,
    customer: &CustomerPart,
    vehicle: &VehiclePart,
    odometer_key: &str,
    odometer: Option<(i64, &str)>,
) -> Block {
    let l = &ctx.l;
    let mut name = customer.name.clone();
    if let Some(company) = &customer.company {
        name = format!("{name} ({company})");
    }
    let mut make_model = format!("{} {}", vehicle.make, vehicle.model);
    if let Some(year) = vehicle.year {
        make_model.push_str(&format!(" ({year})"));
    }
    let odometer = odometer.map_or_else(
        || "—".to_string(),
        |(value, unit)| format!("{} {}", l.number(value), l.get(unit)),
    );
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.customer.name"), name, 1.1),
            Cell::new(
                l.get("form.customer.phones"),
                customer.phones.join(", "),
                0.9,
            ),
            Cell::new(l.get("form.vehicle.plate"), &vehicle.plate, 0.7).styled(VALUE.bold()),
            Cell::new(l.get("form.vehicle.make_model"), make_model.trim(), 1.1),
            Cell::new(l.get(odometer_key), odometer, 0.8),
        ],
        false,
    )
}
