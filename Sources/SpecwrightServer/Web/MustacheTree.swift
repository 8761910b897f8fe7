import Foundation

/// Turns a page's view (any `Encodable`) into the dictionaries, arrays, strings, numbers and
/// booleans Mustache renders. Mustache can read a Swift value through reflection, but a `Mirror`
/// per key looked up, for every item of every list, made a large spec page take 80 ms; dictionary
/// lookups take a few.
enum MustacheTree {
    static func make(_ value: some Encodable) throws -> Any {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.resolved
    }

    /// A value being built: a scalar, a keyed node or a list of nodes (mutated in place).
    final class Node {
        var scalar: Any?
        var keyed: [String: Node]?
        var list: [Node]?

        var resolved: Any {
            if let keyed { return keyed.mapValues(\.resolved) }
            if let list { return list.map(\.resolved) }
            return scalar ?? [String: Any]()
        }

        func makeKeyed() -> Node {
            if keyed == nil { keyed = [:] }
            return self
        }

        func makeList() -> Node {
            if list == nil { list = [] }
            return self
        }

        func set(_ value: Any) { scalar = value }

        func child(_ key: String) -> Node {
            let node = Node()
            if keyed == nil { keyed = [:] }
            keyed![key] = node
            return node
        }

        func append() -> Node {
            let node = Node()
            if list == nil { list = [] }
            list!.append(node)
            return node
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Keyed<Key>(node: node.makeKeyed(), codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(node: node.makeList(), codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws {}
        mutating func encode(_ value: Bool, forKey key: Key) throws { node.child(key.stringValue).set(value) }
        mutating func encode(_ value: String, forKey key: Key) throws { node.child(key.stringValue).set(value) }
        mutating func encode(_ value: Int, forKey key: Key) throws { node.child(key.stringValue).set(value) }
        mutating func encode(_ value: Double, forKey key: Key) throws { node.child(key.stringValue).set(value) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try value.encode(to: TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(node: node.child(key.stringValue).makeKeyed(), codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            Unkeyed(node: node.child(key.stringValue).makeList(), codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.child("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.list?.count ?? 0 }

        mutating func encodeNil() throws { node.append().set(NSNull()) }
        mutating func encode(_ value: Bool) throws { node.append().set(value) }
        mutating func encode(_ value: String) throws { node.append().set(value) }
        mutating func encode(_ value: Int) throws { node.append().set(value) }
        mutating func encode(_ value: Int64) throws { node.append().set(Int(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node.append(), codingPath: codingPath)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Keyed<NestedKey>(node: node.append().makeKeyed(), codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            Unkeyed(node: node.append().makeList(), codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.append(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.set(NSNull()) }
        mutating func encode(_ value: Bool) throws { node.set(value) }
        mutating func encode(_ value: String) throws { node.set(value) }
        mutating func encode(_ value: Int) throws { node.set(value) }
        mutating func encode(_ value: Int64) throws { node.set(Int(value)) }
        mutating func encode(_ value: Double) throws { node.set(value) }
        mutating func encode<T: Encodable>(_ value: T) throws { try value.encode(to: TreeEncoder(node: node, codingPath: codingPath)) }
    }
}
