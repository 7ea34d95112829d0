pub mod officials;
