import CLibPQ

/// Sole owner of one `PGresult*`, cleared in `deinit`. Rows are copied out into `Row` values so nothing
/// of libpq escapes this file and `PostgresConnection.swift`.
final class PostgresResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { PQclear(handle) }

    /// Whether the command succeeded (with or without rows).
    var succeeded: Bool {
        let status = PQresultStatus(handle)
        return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY
    }

    /// Whether this is the sync point that ends a pipeline.
    var isPipelineSync: Bool { PQresultStatus(handle) == PGRES_PIPELINE_SYNC }

    /// The error this result reports, mapped by SQLSTATE. A result without SQLSTATE was made by libpq
    /// itself (the connection failed), so it is `.unavailable`.
    var error: StoreError {
        let message = Self.string(pc_result_primary_message(handle)) ?? Self.string(PQresultErrorMessage(handle)) ?? ""
        guard let sqlstate = Self.string(pc_result_sqlstate(handle)) else {
            return .unavailable(message.isEmpty ? "the connection failed" : message)
        }
        return StoreError(sqlstate: sqlstate, message: message,
                          constraint: Self.string(pc_result_constraint(handle)), column: Self.string(pc_result_column(handle)))
    }

    /// The command tag, e.g. `INSERT 0 1`, `COMMIT` or `ROLLBACK`.
    var commandStatus: String { Self.string(PQcmdStatus(handle)) ?? "" }

    /// Rows affected by INSERT/UPDATE/DELETE/MERGE/SELECT/COPY/MOVE/FETCH; 0 for other commands.
    var affectedRows: Int { Self.string(PQcmdTuples(handle)).flatMap { Int($0) } ?? 0 }

    /// All rows, copied into Swift strings.
    var rows: [Row] {
        let fieldCount = PQnfields(handle)
        let rowCount = PQntuples(handle)
        guard rowCount > 0 else { return [] }
        let columns = ColumnIndex(names: (0..<fieldCount).map { Self.string(PQfname(handle, $0)) ?? "" })
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(fieldCount))
            for field in 0..<fieldCount {
                if PQgetisnull(handle, row, field) != 0 {
                    values.append(nil)
                } else {
                    values.append(Self.string(PQgetvalue(handle, row, field)))
                }
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
