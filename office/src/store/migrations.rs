//! The schema as numbered migrations, recorded in SQLite's `user_version` and applied in
//! order at start (`rusqlite_migration`). A migration is never edited once released: a
//! change is a new file.

use rusqlite_migration::{Migrations, M};

const STEPS: &[&str] = &[
    include_str!("migrations/001_inbox_and_jobs.sql"),
    include_str!("migrations/002_inbox_paging.sql"),
];

/// Brings `db` to the newest schema.
pub fn apply(db: &mut rusqlite::Connection) -> Result<(), rusqlite_migration::Error> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect()).to_latest(db)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_migrations_are_valid_and_apply_twice() {
        let migrations = rusqlite_migration::Migrations::new(
            super::STEPS
                .iter()
                .map(|sql| rusqlite_migration::M::up(sql))
                .collect(),
        );
        assert!(migrations.validate().is_ok());
        let mut db = rusqlite::Connection::open_in_memory().unwrap();
        super::apply(&mut db).unwrap();
        super::apply(&mut db).unwrap();
        let version: i64 = db
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, super::STEPS.len() as i64);
    }
}
