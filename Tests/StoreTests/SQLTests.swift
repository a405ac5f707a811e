import Foundation
import Testing
@testable import Store

/// `SQL` as a value: binds, raw fragments, splicing and concatenation, without a server.
@Suite struct SQLTests {
    @Test func interpolatedValuesBecomeNumberedBinds() {
        let email = "a@example.com"
        let organization: Int64 = 7
        let query: SQL = "SELECT id FROM users WHERE email = \(email) AND organization_id = \(organization)"
        #expect(query.text == "SELECT id FROM users WHERE email = $1 AND organization_id = $2")
        #expect(query.parameters == ["a@example.com", "7"])
        #expect(query.binds.map(\.type) == [.unknown, .int8])
    }

    @Test func aLiteralAloneHasNoBinds() {
        let query: SQL = "SELECT 1"
        #expect(query.text == "SELECT 1")
        #expect(query.parameters.isEmpty)
    }

    @Test func rawFragmentsArePastedVerbatim() {
        let query: SQL = "SELECT * FROM t WHERE a = \(1) \(raw: "ORDER BY created_at DESC") LIMIT \(10)"
        #expect(query.text == "SELECT * FROM t WHERE a = $1 ORDER BY created_at DESC LIMIT $2")
        #expect(query.parameters == ["1", "10"])
    }

    @Test func concatenationRenumbersTheRightSide() {
        let head: SQL = "SELECT * FROM t WHERE a = \(1) AND b = \(2)"
        let tail: SQL = " AND c = \(3) AND d = \("x")"
        let query = head + tail
        #expect(query.text == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d = $4")
        #expect(query.parameters == ["1", "2", "3", "x"])
        var built: SQL = "SELECT 1"
        built += " WHERE x = \(5)"
        #expect(built.text == "SELECT 1 WHERE x = $1")
    }

    @Test func splicedQueriesKeepTheirBindsInOrder() {
        let columns: SQL = "id, name"
        let filter: SQL = "name = \("n") AND id > \(3)"
        let query: SQL = "SELECT \(columns) FROM t WHERE org = \(9) AND \(filter) LIMIT \(1)"
        #expect(query.text == "SELECT id, name FROM t WHERE org = $1 AND name = $2 AND id > $3 LIMIT $4")
        #expect(query.parameters == ["9", "n", "3", "1"])
    }

    @Test func placeholdersInsideLiteralsAreLeftAlone() {
        let head: SQL = "SELECT '$1' AS a, \(5) AS b"
        let query = head + ", \(6) AS c"
        #expect(query.text == "SELECT '$1' AS a, $1 AS b, $2 AS c")
    }

    @Test func optionalsBindNullWithTheirType() {
        let missing: String? = nil
        let present: Int64? = 4
        let query: SQL = "SELECT \(missing), \(present)"
        #expect(query.parameters == [nil, "4"])
        #expect(query.binds.map(\.type) == [.unknown, .int8])
    }

    @Test func descriptionHidesParameters() {
        let query: SQL = "SELECT \("secret")"
        #expect(query.description == "SELECT $1")
        #expect(!"\(query)".contains("secret"))
    }

    @Test func arraysAndBytesHaveTheirTextForms() {
        #expect([Int64(1), -2, 3].sqlText == "{1,-2,3}")
        #expect([Int64]().sqlText == "{}")
        #expect(["a", "b,c", "d\"e", "f\\g", "NULL", ""].sqlText == #"{"a","b,c","d\"e","f\\g","NULL",""}"#)
        #expect([UInt8]([0x00, 0x0f, 0xff]).sqlText == #"\x000fff"#)
        #expect(Double.nan.sqlText == "NaN")
        #expect((-Double.infinity).sqlText == "-Infinity")
        #expect(true.sqlText == "t")
    }

    @Test func timestampsFormatInUTCWithMicroseconds() {
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 1_700_000_000.123456)) == "2023-11-14T22:13:20.123456Z")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500000Z")
    }

    @Test(arguments: [
        ("2023-11-14 22:13:20.123456+00", 1_700_000_000.123456),
        ("2023-11-14 22:13:20+00", 1_700_000_000),
        ("2023-11-14 23:13:20.5+01", 1_700_000_000.5),
        ("2023-11-14 16:43:20-05:30", 1_700_000_000),
        ("2023-11-14T22:13:20Z", 1_700_000_000),
        ("1970-01-01", 0),
        ("1969-12-31 23:59:58.5+00", -1.5),
    ])
    func timestampsParse(text: String, seconds: Double) throws {
        let date = try #require(PostgresTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: ["infinity", "-infinity", "2023-13-01", "2023-11-14 22:13", "x", "", "2023-11-14 22:13:20.1234567+00"])
    func nonTimestampsDoNotParse(text: String) {
        #expect(PostgresTimestamp.parse(text) == nil)
    }

    @Test func arrayTextParses() {
        #expect(PostgresArray.parse("{}")! == [])
        #expect(PostgresArray.parse("{1,2,3}")! == ["1", "2", "3"])
        #expect(PostgresArray.parse(#"{"a,b","c\"d",NULL,plain,"NULL"}"#)! == ["a,b", "c\"d", nil, "plain", "NULL"])
        #expect(PostgresArray.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArray.parse("{1,}") == nil)
        #expect(PostgresArray.parse("1,2") == nil)
    }

    @Test func userMessagesAreFixedText() {
        let errors: [StoreError] = [
            .unavailable("could not connect to host 10.0.0.1"), .uniqueViolation(constraint: "users_email_key"),
            .foreignKeyViolation(constraint: "fk"), .checkViolation(constraint: "ck"), .notNullViolation(column: "email"),
            .serializationFailure, .deadlock, .insufficientPrivilege, .invalidInput("invalid input syntax: \"abc\""),
            .decoding(column: "id"), .schemaOutdated(current: 1, required: 2), .migrationChanged(version: 3),
            .query(sqlstate: "42P01", message: "relation \"secret\" does not exist"),
        ]
        for error in errors {
            #expect(!error.userMessage.isEmpty)
            for leak in ["10.0.0.1", "users_email_key", "abc", "secret", "SELECT", "42P01"] {
                #expect(!error.userMessage.contains(leak), "\(error)")
            }
        }
    }
}
