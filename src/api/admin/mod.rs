pub mod jobs;
pub mod officials;
pub mod organizations;
