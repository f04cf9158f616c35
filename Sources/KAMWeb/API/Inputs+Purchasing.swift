import KAMCore

extension Inputs {
    /// Amounts as `{minorUnits, currency}` (or `decimal` in major units instead of minorUnits).
    static func money(_ r: inout InputReader, _ key: String, required: Bool) -> Money? {
        guard var m = r.object(key) else {
            if required { r.issues.append(FieldIssue(field: r.path(key), code: "required")) }
            return nil
        }
        m.rejectUnknown(except: ["minorUnits", "currency", "decimal"])
        let currency = m.string("currency").or("").uppercased()
        var money = Money(minorUnits: m.int("minorUnits").or(0), currency: currency)
        if let decimal = m.string("decimal").value {
            if let minor = Money.minorUnits(decimal: decimal, digits: money.digits) { money.minorUnits = minor } else {
                m.issues.append(FieldIssue(field: m.path("decimal"), code: "invalid_amount"))
            }
        }
        r.issues += m.issues
        return money
    }

    static func productLine(_ value: JSONValue) -> Parsed<ProductLineDraft> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["code", "name"])
        return Parsed(value: ProductLineDraft(code: r.string("code").or(""), name: r.string("name").or("")), issues: r.issues)
    }

    static func product(_ value: JSONValue, base: ProductDraft, creating: Bool) -> Parsed<ProductDraft> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["lineID", "code", "name", "listPrices", "active"])
        var d = base
        d.lineID = required(r.int("lineID"), "lineID", creating, &r, current: d.lineID)
        d.code = r.string("code").or(d.code)
        d.name = r.string("name").or(d.name)
        d.active = r.bool("active").or(d.active)
        if let prices = r.objects("listPrices") {
            d.listPrices = prices.map { item in
                var item = item
                item.rejectUnknown(except: ["minorUnits", "currency"])
                let price = Money(minorUnits: item.int("minorUnits").or(-1), currency: item.string("currency").or("").uppercased())
                r.issues += item.issues
                return price
            }
        }
        return Parsed(value: d, issues: r.issues)
    }

    static func exchangeRate(_ value: JSONValue) -> Parsed<ExchangeRate> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["currency", "day", "rate"])
        let currency = r.string("currency").or("").uppercased()
        let day = required(r.date("day"), "day", true, &r, current: CalendarDate(year: 1970, month: 1, day: 1))
        // A JSON number would lose digits on the way in: the rate is a decimal string.
        let rate = r.string("rate").or("")
        return Parsed(value: ExchangeRate(currency: currency, day: day, rate: rate), issues: r.issues)
    }

    static func transaction(_ value: JSONValue) -> Parsed<PurchaseTransactionDraft> {
        var r = InputReader(value, fromForm: false)
        r.rejectUnknown(except: ["accountID", "date", "productID", "orderReference", "amount", "margin"])
        var d = PurchaseTransactionDraft()
        d.accountID = r.int("accountID").or(0)
        d.date = r.date("date").value
        d.productID = r.int("productID").or(0)
        d.orderReference = r.string("orderReference").or("")
        d.amount = money(&r, "amount", required: true) ?? d.amount
        d.margin = money(&r, "margin", required: true) ?? d.margin
        return Parsed(value: d, issues: r.issues)
    }
}
