pub mod officials;
pub mod organizations;
