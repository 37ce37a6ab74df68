//! The one integration-test binary: the real app over HTTP on a loopback port, every test on
//! SQLite and again on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accusations;
mod attacks;
mod audit;
mod backup;
mod concurrency;
mod deadlines;
mod demo;
mod letters;
mod openapi;
mod ops;
mod portal;
mod privacy;
mod recusal;
mod rejections;
mod reminders;
mod repeats;
mod report;
mod schema;
mod search;
mod security;
mod special;
mod story;
mod visibility;
mod web;
