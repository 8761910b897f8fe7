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
        var next = Renumbering(target)

        let targetUsers = Dictionary(target.users.map { ($0.name, $0.id!) }, uniquingKeysWith: { first, _ in first })
        var userIDs: [Int64: Int64] = [:]
        for var user in users {
            if let existing = targetUsers[user.name] {
                userIDs[user.id!] = existing
                continue
            }
            userIDs[user.id!] = next.user()
            user.id = userIDs[user.id!]
            merged.users.append(user)
        }
        let tokenHashes = Set(target.tokens.map(\.tokenHash))
        for var token in tokens where !tokenHashes.contains(token.tokenHash) {
            token.id = next.token()
            token.userID = userIDs[token.userID] ?? token.userID
            merged.tokens.append(token)
        }
        let sessionHashes = Set(target.sessions.map(\.idHash))
        for var session in sessions where !sessionHashes.contains(session.idHash) {
            session.id = next.session()
            session.userID = userIDs[session.userID] ?? session.userID
            merged.sessions.append(session)
        }

        var specIDs: [Int64: Int64] = [:]
        for var spec in specs {
            specIDs[spec.id!] = next.spec()
            spec.id = specIDs[spec.id!]
            merged.specs.append(spec)
        }
        for var revision in revisions {
            revision.id = next.revision()
            revision.specID = specIDs[revision.specID] ?? revision.specID
            merged.revisions.append(revision)
        }
        for var signOff in signOffs {
            signOff.id = next.signOff()
            signOff.specID = specIDs[signOff.specID] ?? signOff.specID
            merged.signOffs.append(signOff)
        }
        for var entry in audit {
            entry.id = next.audit()
            merged.audit.append(entry)
        }

        var threadIDs: [Int64: Int64] = [:]
        for var thread in threads {
            threadIDs[thread.id!] = next.thread()
            thread.id = threadIDs[thread.id!]
            merged.threads.append(thread)
        }
        for var comment in comments {
            comment.id = next.comment()
            comment.threadID = threadIDs[comment.threadID] ?? comment.threadID
            merged.comments.append(comment)
        }
        for var item in inboxItems {
            item.id = next.inboxItem()
            item.threadID = item.threadID.map { threadIDs[$0] ?? $0 }
            merged.inboxItems.append(item)
        }

        let targetHooks = Dictionary(target.webhooks.map { ($0.url, $0.id!) }, uniquingKeysWith: { first, _ in first })
        var hookIDs: [Int64: Int64] = [:]
        for var hook in webhooks {
            if let existing = targetHooks[hook.url] {
                hookIDs[hook.id!] = existing
                continue
            }
            hookIDs[hook.id!] = next.webhook()
            hook.id = hookIDs[hook.id!]
            merged.webhooks.append(hook)
        }
        for var delivery in deliveries {
            delivery.id = next.delivery()
            delivery.webhookID = hookIDs[delivery.webhookID] ?? delivery.webhookID
            merged.deliveries.append(delivery)
        }
        return merged
    }
}

/// The next free id of each kind, after the largest a store holds.
private struct Renumbering {
    private var last: [PartialKeyPath<StoreContents>: Int64] = [:]

    init(_ contents: StoreContents) {
        func largest<Record>(_ path: KeyPath<StoreContents, [Record]>, _ id: (Record) -> Int64?) {
            last[path] = contents[keyPath: path].compactMap(id).max() ?? 0
        }
        largest(\.users) { $0.id }
        largest(\.tokens) { $0.id }
        largest(\.sessions) { $0.id }
        largest(\.specs) { $0.id }
        largest(\.revisions) { $0.id }
        largest(\.signOffs) { $0.id }
        largest(\.audit) { $0.id }
        largest(\.threads) { $0.id }
        largest(\.comments) { $0.id }
        largest(\.inboxItems) { $0.id }
        largest(\.webhooks) { $0.id }
        largest(\.deliveries) { $0.id }
    }

    private mutating func next(_ path: PartialKeyPath<StoreContents>) -> Int64 {
        let id = (last[path] ?? 0) + 1
        last[path] = id
        return id
    }

    mutating func user() -> Int64 { next(\StoreContents.users) }
    mutating func token() -> Int64 { next(\StoreContents.tokens) }
    mutating func session() -> Int64 { next(\StoreContents.sessions) }
    mutating func spec() -> Int64 { next(\StoreContents.specs) }
    mutating func revision() -> Int64 { next(\StoreContents.revisions) }
    mutating func signOff() -> Int64 { next(\StoreContents.signOffs) }
    mutating func audit() -> Int64 { next(\StoreContents.audit) }
    mutating func thread() -> Int64 { next(\StoreContents.threads) }
    mutating func comment() -> Int64 { next(\StoreContents.comments) }
    mutating func inboxItem() -> Int64 { next(\StoreContents.inboxItems) }
    mutating func webhook() -> Int64 { next(\StoreContents.webhooks) }
    mutating func delivery() -> Int64 { next(\StoreContents.deliveries) }
}
