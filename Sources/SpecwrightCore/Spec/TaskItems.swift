/// A task list item (`- [ ] Security review completed`) with where its checkbox is.
public struct TaskItem: Sendable, Equatable {
    public var text: String
    public var checked: Bool
    /// Byte range of `[ ]` / `[x]`.
    public var checkbox: Range<Int>
    /// The item's range.
    public var range: Range<Int>
    /// 0-based line of the checkbox.
    public var line: Int
}

/// Collects task items from blocks.
public enum TaskItems {
    public static func collect(in block: Block, document: MarkdownDocument) -> [TaskItem] {
        var items: [TaskItem] = []
        collect(block, document, &items)
        return items
    }

    public static func collect(in document: MarkdownDocument) -> [TaskItem] {
        var items: [TaskItem] = []
        for block in document.blocks { collect(block, document, &items) }
        return items
    }

    private static func collect(_ block: Block, _ document: MarkdownDocument, _ items: inout [TaskItem]) {
        if case .listItem(let info) = block.kind, let task = info.task {
            var text = ""
            if let paragraph = block.children.first, case .paragraph = paragraph.kind {
                text = document.plainText(of: paragraph).trimmingSpaces
            }
            items.append(TaskItem(text: text, checked: task.checked, checkbox: task.range, range: block.range, line: block.lineSpan.lowerBound))
        }
        for child in block.children { collect(child, document, &items) }
    }
}
