/// The catalogue of product lines and products (domain.md §10), with list prices per currency:
/// transactions, white space and quotes name products from it.
public typealias ProductLineID = Int64
public typealias ProductID = Int64

public struct ProductLine: Sendable, Hashable, Codable, Identifiable {
    public var id: ProductLineID
    public var code: String
    public var name: String
    public var version: Int

    public init(id: ProductLineID, code: String, name: String, version: Int) {
        self.id = id
        self.code = code
        self.name = name
        self.version = version
    }

    public var draft: ProductLineDraft { ProductLineDraft(code: code, name: name) }
}

public struct ProductLineDraft: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String = "", name: String = "") {
        self.code = code
        self.name = name
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        ProductCode.check(code, "code", &v)
        v.text(name, "name", required: true, max: 200)
        try v.check()
    }
}

public struct Product: Sendable, Hashable, Codable, Identifiable {
    public var id: ProductID
    public var lineID: ProductLineID
    public var code: String
    public var name: String
    public var listPrices: [Money]
    public var active: Bool
    public var version: Int

    public init(id: ProductID, lineID: ProductLineID, code: String, name: String, listPrices: [Money], active: Bool, version: Int) {
        self.id = id
        self.lineID = lineID
        self.code = code
        self.name = name
        self.listPrices = listPrices
        self.active = active
        self.version = version
    }

    public var draft: ProductDraft { ProductDraft(lineID: lineID, code: code, name: name, listPrices: listPrices, active: active) }
}

public struct ProductDraft: Sendable, Hashable, Codable {
    public var lineID: ProductLineID
    public var code: String
    public var name: String
    public var listPrices: [Money]
    public var active: Bool

    public init(lineID: ProductLineID = 0, code: String = "", name: String = "", listPrices: [Money] = [], active: Bool = true) {
        self.lineID = lineID
        self.code = code
        self.name = name
        self.listPrices = listPrices
        self.active = active
    }

    public func validate(known: [FieldIssue] = []) throws(ValidationFailure) {
        var v = Validator(known: known)
        ProductCode.check(code, "code", &v)
        v.text(name, "name", required: true, max: 200)
        var seen: Set<String> = []
        for (index, price) in listPrices.enumerated() {
            if Money.minorUnitDigits[price.currency] == nil { v.add("listPrices[\(index)].currency", "invalid_currency") }
            else if !seen.insert(price.currency).inserted { v.add("listPrices[\(index)].currency", "duplicate") }
            if price.minorUnits < 0 { v.add("listPrices[\(index)].minorUnits", "negative") }
        }
        try v.check()
    }
}

/// Codes people type into spreadsheets and CSV files: letters, digits, `-`, `_`, `.`.
public enum ProductCode {
    public static func check(_ code: String, _ field: String, _ v: inout Validator) {
        if code.isEmpty { v.add(field, "required"); return }
        if code.count > 40 { v.add(field, "too_long", "40"); return }
        let allowed = code.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || "-_.".unicodeScalars.contains(scalar)
        }
        if !allowed { v.add(field, "invalid_code", "A-Z a-z 0-9 - _ .") }
    }
}
