import Foundation
import PostgresNIO
import SpecwrightStore

/// SQL with binds, built in pieces (for the list's optional filters and chosen order).
struct SQLBuilder {
    private(set) var sql = ""
    private var bindings = PostgresBindings()

    mutating func append(_ text: String) { sql += text }

    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) {
        bindings.append(value)
        sql += "$\(bindings.count)"
    }

    mutating func filters(_ query: SpecQuery) {
        if let status = query.status { append(" AND lower(status) = lower("); bind(status); append(")") }
        if let template = query.template { append(" AND template = "); bind(template) }
        if let text = query.text, !text.isEmpty {
            let escaped = text.likeEscaped
            append(" AND title ILIKE "); bind("%\(escaped)%"); append(" ESCAPE '\\'")
        }
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: bindings) }
}
