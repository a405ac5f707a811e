import Foundation
import Store
import Testing
import TestSupport

/// Server errors arrive as the `StoreError` case named for what happened, and their user text leaks nothing.
@Suite struct ErrorMappingTests {
    /// Two tables with one constraint of each kind.
    private func makeTables(_ db: Database) async throws {
        try await db.execute("CREATE TABLE parents (id bigint PRIMARY KEY)")
        try await db.execute("""
            CREATE TABLE children (
                id        bigint PRIMARY KEY,
                parent_id bigint NOT NULL CONSTRAINT children_parent_fk REFERENCES parents(id),
                email     text NOT NULL CONSTRAINT children_email_key UNIQUE,
                age       int CONSTRAINT children_age_check CHECK (age >= 0)
            )
            """)
        try await db.execute("INSERT INTO parents (id) VALUES (1)")
        try await db.execute("INSERT INTO children (id, parent_id, email, age) VALUES (1, 1, 'taken@example.test', 3)")
    }

    /// The error a statement throws; also checks its user text holds neither SQL nor the given values.
    private func failure(_ db: Database, _ sql: SQL, secrets: [String]) async -> StoreError? {
        do {
            try await db.execute(sql)
            return nil
        } catch {
            for secret in secrets + ["INSERT", "children", "$1"] {
                #expect(!error.userMessage.contains(secret), "\(error.userMessage)")
            }
            return error
        }
    }

    @Test func constraintViolationsAreNamed() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await makeTables(db)
            let email = "taken@example.test"
            #expect(await failure(db, "INSERT INTO children (id, parent_id, email) VALUES (2, 1, \(email))", secrets: [email])
                    == .uniqueViolation(constraint: "children_email_key"))
            #expect(await failure(db, "INSERT INTO children (id, parent_id, email) VALUES (3, \(999), 'x@y.z')", secrets: ["999", "x@y.z"])
                    == .foreignKeyViolation(constraint: "children_parent_fk"))
            #expect(await failure(db, "INSERT INTO children (id, parent_id, email, age) VALUES (4, 1, 'a@b.c', \(-5))", secrets: ["-5"])
                    == .checkViolation(constraint: "children_age_check"))
            let none: String? = nil
            #expect(await failure(db, "INSERT INTO children (id, parent_id, email) VALUES (5, 1, \(none))", secrets: [])
                    == .notNullViolation(column: "email"))
            #expect(await failure(db, "DELETE FROM parents WHERE id = 1", secrets: [])
                    == .foreignKeyViolation(constraint: "children_parent_fk"))
        }
    }

    @Test func badInputIsInvalidInput() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let value = "not-a-number-4711"
            let error = await failure(test.database, "SELECT \(value)::int", secrets: [value])
            guard case .invalidInput(let message) = error else {
                Issue.record("expected invalidInput, got \(String(describing: error))")
                return
            }
            #expect(message.contains(value), "the log text keeps the detail")
            #expect(await failure(test.database, "SELECT 1 / \(0)", secrets: []).map { if case .invalidInput = $0 { true } else { false } } == true)
        }
    }

    @Test func rowLevelSecurityRefusalIsInsufficientPrivilege() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await db.execute("CREATE TABLE notes (org bigint NOT NULL, body text)")
            try await db.execute("ALTER TABLE notes ENABLE ROW LEVEL SECURITY")
            try await db.execute("ALTER TABLE notes FORCE ROW LEVEL SECURITY")
            try await db.execute("""
                CREATE POLICY scoped ON notes USING (org = current_setting('t.org')::bigint)
                WITH CHECK (org = current_setting('t.org')::bigint)
                """)
            let error = await failure(db, "INSERT INTO notes (org, body) VALUES (2, \("secret body"))", secrets: ["secret body"])
            // Without the setting the policy's cast fails; with another org's id the policy refuses.
            #expect(error != nil)
            do {
                _ = try await db.transaction(settings: ["t.org": "1"]) { (tx) throws(StoreError) in
                    try tx.execute("INSERT INTO notes (org, body) VALUES (2, 'x')")
                }
                Issue.record("the policy let a row of another organization in")
            } catch {
                #expect(error as? StoreError == .insufficientPrivilege)
            }
            let seen = try await db.transaction(settings: ["t.org": "1"]) { (tx) throws(StoreError) in
                try tx.execute("INSERT INTO notes (org, body) VALUES (1, 'mine')")
                return try tx.query("SELECT body FROM notes").count
            }
            #expect(seen == 1)
        }
    }

    @Test func unknownErrorsKeepTheirSQLState() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            #expect(await failure(test.database, "SELECT * FROM no_such_table", secrets: ["no_such_table"])
                    == .query(sqlstate: "42P01", message: "relation \"no_such_table\" does not exist"))
        }
    }

    @Test func anUnreachableServerIsUnavailable() async throws {
        let db = Database(url: "host=/nonexistent/socket-dir dbname=x connect_timeout=2", size: 1, logger: TestPostgres.logger())
        defer { db.close() }
        await #expect {
            try await db.query("SELECT 1")
        } throws: { error in
            guard let error = error as? StoreError, case .unavailable = error else { return false }
            return !error.userMessage.contains("nonexistent")
        }
        #expect(await db.ping() == false)
    }
}
