import Foundation

/// How ``SpecStoreTransfer/importContents(_:mode:)`` treats what the target already holds.
public enum ImportMode: Sendable {
    /// Refuse a target that holds specs or users.
    case intoEmpty
    /// Remove everything the target holds first.
    case replacing
    /// Add to what the target holds; the contents must not reuse its ids
    /// (``StoreContents/prepared(forMergingInto:)`` renumbers them).
    case adding
}

/// Why two stores cannot be merged: specs of the same slug in both.
public struct MergeConflict: Error, CustomStringConvertible {
    public let slugs: [String]

    public var description: String {
        let shown = slugs.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        let more = slugs.count > 10 ? " and \(slugs.count - 10) more" : ""
        return "both databases hold specs with the slug \(shown)\(more): rename or archive them on one side first (nothing was copied)"
    }
}

extension StoreContents {
    /// These contents made ready to add to a store that holds `target`: every id renumbered to
    /// follow the target's, and every reference with it.
    ///
    /// - A user whose name the target has is the target's user: the row is not added, and the
    ///   user's tokens and sessions go to the target's user (who keeps their role and password).
    /// - A token or session whose hash the target has is not added again.
    /// - A webhook whose URL the target has is the target's webhook (its secret and events kept);
    ///   the deliveries go to it.
    /// - Specs, revisions, sign-offs, threads, comments, inbox items and audit entries are added.
    ///
    /// - Throws: ``MergeConflict`` when a slug is in both: the merge would have to choose a spec's
    ///   history, and it does not.
    public func prepared(forMergingInto target: StoreContents) throws -> StoreContents {
        let targetSlugs = Set(target.specs.map(\.slug))
        let clashes = specs.map(\.slug).filter(targetSlugs.contains).sorted()
        guard clashes.isEmpty else { throw MergeConflict(slugs: clashes) }

        var merged = StoreContents()
        let userIDs: [Int64: Int64], specIDs: [Int64: Int64], threadIDs: [Int64: Int64], hookIDs: [Int64: Int64]
        (merged.users, userIDs) = Self.renumber(users, after: target.users, id: \.id, sameAs: { $0.name })
        (merged.tokens, _) = Self.renumber(tokens, after: target.tokens, id: \.id, sameAs: { $0.tokenHash }, rewrite: { $0.userID = userIDs[$0.userID] ?? $0.userID })
        (merged.sessions, _) = Self.renumber(sessions, after: target.sessions, id: \.id, sameAs: { $0.idHash }, rewrite: { $0.userID = userIDs[$0.userID] ?? $0.userID })
        (merged.specs, specIDs) = Self.renumber(specs, after: target.specs, id: \.id)
        (merged.revisions, _) = Self.renumber(revisions, after: target.revisions, id: \.id, rewrite: { $0.specID = specIDs[$0.specID] ?? $0.specID })
        (merged.signOffs, _) = Self.renumber(signOffs, after: target.signOffs, id: \.id, rewrite: { $0.specID = specIDs[$0.specID] ?? $0.specID })
        (merged.audit, _) = Self.renumber(audit, after: target.audit, id: \.id)
        (merged.threads, threadIDs) = Self.renumber(threads, after: target.threads, id: \.id)
        (merged.comments, _) = Self.renumber(comments, after: target.comments, id: \.id, rewrite: { $0.threadID = threadIDs[$0.threadID] ?? $0.threadID })
        (merged.inboxItems, _) = Self.renumber(inboxItems, after: target.inboxItems, id: \.id, rewrite: { item in item.threadID = item.threadID.map { threadIDs[$0] ?? $0 } })
        (merged.webhooks, hookIDs) = Self.renumber(webhooks, after: target.webhooks, id: \.id, sameAs: { $0.url })
        (merged.deliveries, _) = Self.renumber(deliveries, after: target.deliveries, id: \.id, rewrite: { $0.webhookID = hookIDs[$0.webhookID] ?? $0.webhookID })
        return merged
    }

    /// `records` numbered after the largest id in `existing`, each changed by `rewrite` (its
    /// references), with the map from old ids to new. A record whose `sameAs` key one in
    /// `existing` has is that record: it is left out, and its id maps to the existing one's.
    private static func renumber<Record>(_ records: [Record], after existing: [Record], id: WritableKeyPath<Record, Int64?>,
                                         sameAs key: ((Record) -> String)? = nil,
                                         rewrite: (inout Record) -> Void = { _ in }) -> ([Record], [Int64: Int64]) {
        var last = existing.compactMap { $0[keyPath: id] }.max() ?? 0
        var known: [String: Int64] = [:]
        if let key {
            for record in existing { if let recordID = record[keyPath: id], known[key(record)] == nil { known[key(record)] = recordID } }
        }
        var added: [Record] = []
        var ids: [Int64: Int64] = [:]
        for var record in records {
            let old = record[keyPath: id] ?? 0
            if let key, let same = known[key(record)] {
                ids[old] = same
                continue
            }
            last += 1
            ids[old] = last
            record[keyPath: id] = last
            rewrite(&record)
            added.append(record)
        }
        return (added, ids)
    }
}
