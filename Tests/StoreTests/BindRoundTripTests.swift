import Foundation
import Store
import Testing
import TestSupport

/// Every `SQLBindable` goes to a real server and comes back through `Row` unchanged.
@Suite struct BindRoundTripTests {
    @Test func scalarsRoundTrip() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let id = UUID()
            let row = try #require(try await test.database.queryOne("""
                SELECT \("zażółć gęślą jaźń 🖨️ 日本")::text AS s, \(Int.max) AS i, \(Int64.min) AS i64,
                       \(Int32(-7)) AS i32, \(true) AS yes, \(false) AS no, \(3.141592653589793) AS d,
                       \(Double.leastNonzeroMagnitude) AS tiny, \(id) AS u, \("") ::text AS empty
                """))
            #expect(try row.string("s") == "zażółć gęślą jaźń 🖨️ 日本")
            #expect(try row.int("i") == Int.max)
            #expect(try row.int64("i64") == Int64.min)
            #expect(try row.int32("i32") == -7)
            #expect(try row.bool("yes") == true)
            #expect(try row.bool("no") == false)
            #expect(try row.double("d") == 3.141592653589793)
            #expect(try row.double("tiny") == Double.leastNonzeroMagnitude)
            #expect(try row.uuid("u") == id)
            #expect(try row.string("empty") == "")
        }
    }

    @Test func specialDoublesRoundTrip() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let row = try #require(try await test.database.queryOne(
                "SELECT \(Double.nan) AS nan, \(Double.infinity) AS inf, \(-Double.infinity) AS neg, \(-0.0) AS zero"))
            #expect(try row.double("nan").isNaN)
            #expect(try row.double("inf") == .infinity)
            #expect(try row.double("neg") == -.infinity)
            #expect(try row.double("zero") == 0)
        }
    }

    @Test func injectionAttemptsAreStoredVerbatim() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let db = test.database
            try await db.execute("CREATE TABLE x (v text)")
            let hostile = "'; DROP TABLE x; --"
            try await db.execute("INSERT INTO x (v) VALUES (\(hostile))")
            try await db.execute("INSERT INTO x (v) VALUES (\("$1 \\ \" ' $$ E'\\x00'"))")
            let values = try await db.query("SELECT v FROM x ORDER BY v").map { try $0.string("v") }
            #expect(values.sorted() == [hostile, "$1 \\ \" ' $$ E'\\x00'"].sorted())
        }
    }

    @Test func allByteValuesRoundTripAsBytea() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let bytes = (0...255).map { UInt8($0) }
            let empty: [UInt8] = []
            let row = try #require(try await test.database.queryOne(
                "SELECT \(bytes) AS b, length(\(bytes)) AS n, \(empty) AS e"))
            #expect(try row.bytes("b") == bytes)
            #expect(try row.int("n") == 256)
            #expect(try row.bytes("e") == [])
        }
    }

    @Test func datesKeepMicroseconds() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let dates = [Date(timeIntervalSince1970: 1_700_000_000.123456), Date(timeIntervalSince1970: 0.000001),
                         Date(timeIntervalSince1970: -86_400 * 365.25 * 100 + 0.5), Date(timeIntervalSince1970: 4_102_444_800.999999)]
            for date in dates {
                let row = try #require(try await test.database.queryOne(
                    "SELECT \(date) AS d, extract(epoch FROM \(date))::text AS epoch"))
                let back = try row.date("d")
                #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001, "\(date)")
                #expect(abs(Double(try row.string("epoch"))! - date.timeIntervalSince1970) < 0.000_001)
            }
            // A server-side value with another zone setting still parses (TimeZone is fixed per connection).
            let row = try #require(try await test.database.queryOne("SELECT '2024-02-29 12:00:00.25+02'::timestamptz AS d"))
            #expect(try row.date("d") == Date(timeIntervalSince1970: 1_709_200_800.25))
        }
    }

    @Test func nullsBindAndRead() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let text: String? = nil, number: Int64? = nil, date: Date? = nil, bytes: [UInt8]? = nil, flag: Bool? = nil
            let row = try #require(try await test.database.queryOne(
                "SELECT \(text)::text AS t, \(number) AS n, \(date) AS d, \(bytes) AS b, \(flag) AS f, \(Optional(5)) AS five"))
            #expect(try row.isNull("t"))
            #expect(try row.optionalString("t") == nil)
            #expect(try row.optionalInt64("n") == nil)
            #expect(try row.optionalDate("d") == nil)
            #expect(try row.optionalBytes("b") == nil)
            #expect(try row.optionalBool("f") == nil)
            #expect(try row.optionalInt("five") == 5)
            #expect(throws: StoreError.decoding(column: "t")) { try row.string("t") }
            #expect(throws: StoreError.decoding(column: "missing")) { try row.string("missing") }
            #expect(throws: StoreError.decoding(column: "five")) { try row.date("five") }
        }
    }

    @Test func arraysRoundTrip() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            let strings = ["plain", "with,comma", "with \"quotes\"", "back\\slash", "{braces}", "NULL", "", " spaced ", "zółw"]
            let numbers: [Int64] = [1, -2, Int64.max, 0]
            let row = try #require(try await test.database.queryOne(
                "SELECT \(strings) AS s, \(numbers) AS n, cardinality(\(strings)) AS c, \([Int64]()) AS none"))
            #expect(try row.stringArray("s") == strings)
            #expect(try row.int64Array("n") == numbers)
            #expect(try row.int("c") == strings.count)
            #expect(try row.int64Array("none") == [])
            // The pattern the tenant scope uses: membership in a bound array.
            let members = try await test.database.query(
                "SELECT x FROM unnest(ARRAY[1, 2, 3, 4]::bigint[]) AS x WHERE x = ANY(\([Int64(2), 4])) ORDER BY x")
            #expect(try members.map { try $0.int64("x") } == [2, 4])
        }
    }

    @Test func textWithNULIsRefusedBeforeSending() async throws {
        try await TestPostgres.withDatabase(migrated: false) { test in
            await #expect(throws: StoreError.invalidInput("a text parameter contains a NUL byte")) {
                try await test.database.query("SELECT \("a\u{0}b")::text AS v")
            }
        }
    }
}
