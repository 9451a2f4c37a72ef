//! The customer file (客户档案) as one read: the customer, their vehicles with the
//! newest odometer reading, and the ownership history around them.
use crate::customer::CustomerFile;
use crate::error::Result;
use crate::ids::CustomerId;
use crate::store::{customers, ownership, vehicles, Store};

impl Store {
    pub fn get_customer_file(&self, id: CustomerId) -> Result<CustomerFile> {
        self.with_conn(|conn| {
            let customer = customers::load(conn, id)?;
            let vehicles = vehicles::for_customer(conn, id)?;
            let mut ownership_history = Vec::new();
            for vehicle in &vehicles {
                ownership_history.extend(ownership::for_vehicle(conn, vehicle.id)?);
            }
            let former_vehicles = ownership::former_vehicles(conn, id)?;
            Ok(CustomerFile {
                customer,
                vehicles,
                ownership_history,
                former_vehicles,
                day: Default::default(),
                vehicle_marks: Vec::new(),
            })
        })
    }
}
