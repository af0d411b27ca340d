//! `sqlx::migrate!` embeds the migrations folder at compile time: rebuild when a migration is added.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
