import Foundation

/// A word with its ASCII form for domains and e-mail addresses.
struct DemoWord: Sendable {
    let text: String
    let slug: String
    init(_ text: String, _ slug: String) {
        self.text = text
        self.slug = slug
    }
}

/// How an industry's company names are built around a stem: `prefix + stem + suffix`;
/// `slug` is appended to the stem's slug for the domain.
struct DemoForm: Sendable {
    let prefix: String
    let suffix: String
    let slug: String
    init(_ prefix: String, _ suffix: String, _ slug: String) {
        self.prefix = prefix
        self.suffix = suffix
        self.slug = slug
    }
}

/// Words for an account description in one language: industry + infix + size + terminator + procurement.
struct DemoLabels: Sendable {
    let industries: [Industry: String]
    let infix: String
    let sizes: [AccountSize: String]
    let terminator: String
    let procurement: [ProcurementMode: String]

    func description(industry: Industry, size: AccountSize, procurement mode: ProcurementMode) -> String {
        (industries[industry] ?? "") + infix + (sizes[size] ?? "") + terminator + (procurement[mode] ?? "")
    }
}

/// Everything needed to name the accounts of one region, in the region's script.
struct DemoAccountWords: Sendable {
    let stems: [DemoWord]
    /// Put before the stem when the stems of a region are used up, to keep names unique at scale.
    let qualifiers: [DemoWord]
    let forms: [Industry: [DemoForm]]
    let holding: DemoForm
    let cities: [String]
    /// Branch words: bank branch, plant, office.
    let bankBranch: String, plant: String, office: String
    /// Between the city and the branch word ("大阪支店", "Hamburg Branch").
    let branchSeparator: String
    let tld: String
    let labels: DemoLabels

    func forms(for industry: Industry) -> [DemoForm] {
        forms[industry] ?? forms[.other] ?? [holding]
    }

    func branchWord(for industry: Industry) -> String {
        switch industry {
        case .banking, .insurance: bankBranch
        case .manufacturing, .automotive, .healthcare, .energy: plant
        default: office
        }
    }

    static func forRegion(_ region: Region) -> DemoAccountWords {
        switch region {
        case .japan: japan
        case .korea: korea
        case .china: china
        case .europe: europe
        case .northAmerica, .other: northAmerica
        }
    }

    static let japan = DemoAccountWords(
        stems: [.init("みずなみ", "mizunami"), .init("東雲", "shinonome"), .init("北斗", "hokuto"), .init("桜川", "sakuragawa"),
                .init("青葉", "aoba"), .init("白鷺", "shirasagi"), .init("富岳", "fugaku"), .init("若葉", "wakaba"),
                .init("千早", "chihaya"), .init("明星", "myojo"), .init("蒼海", "sokai"), .init("光陽", "koyo"),
                .init("高輪", "takanawa"), .init("瀬戸内", "setouchi"), .init("翠山", "suizan"), .init("星野", "hoshino"),
                .init("朝凪", "asanagi"), .init("常盤", "tokiwa"), .init("大和田", "owada"), .init("瑞雲", "zuiun")],
        qualifiers: [.init("東日本", "east-"), .init("西日本", "west-"), .init("関西", "kansai-"), .init("中部", "chubu-"),
                     .init("九州", "kyushu-"), .init("北海道", "hokkaido-"), .init("東北", "tohoku-"), .init("四国", "shikoku-")],
        forms: [
            .banking: [.init("株式会社", "銀行", "-bank"), .init("", "銀行", "-bank")],
            .insurance: [.init("", "生命保険株式会社", "-life"), .init("", "損害保険株式会社", "-sonpo")],
            .manufacturing: [.init("", "重工業株式会社", "-heavy"), .init("株式会社", "製作所", "-works"),
                             .init("", "電機株式会社", "-electric")],
            .automotive: [.init("", "自動車株式会社", "-motor")],
            .telecom: [.init("", "通信株式会社", "-telecom"), .init("株式会社", "テレコム", "-telecom")],
            .publicSector: [.init("", "市役所", "-city"), .init("", "県庁", "-pref")],
            .retail: [.init("株式会社", "百貨店", "-dept"), .init("", "ストアーズ株式会社", "-stores")],
            .energy: [.init("", "電力株式会社", "-power"), .init("", "ガス株式会社", "-gas")],
            .healthcare: [.init("", "製薬株式会社", "-pharma")],
            .logistics: [.init("", "運輸株式会社", "-logistics")],
            .technology: [.init("株式会社", "情報システムズ", "-systems")],
            .other: [.init("", "商事株式会社", "-trading")],
        ],
        holding: .init("", "ホールディングス株式会社", "-hd"),
        cities: ["大阪", "名古屋", "福岡", "札幌", "仙台", "広島", "横浜", "神戸"],
        bankBranch: "支店", plant: "工場", office: "支社", branchSeparator: "", tld: "jp",
        labels: DemoLabels(
            industries: [.banking: "金融", .insurance: "保険", .manufacturing: "製造", .automotive: "自動車",
                         .telecom: "通信", .publicSector: "公共", .retail: "小売", .energy: "エネルギー",
                         .healthcare: "医療・製薬", .logistics: "物流", .technology: "IT", .other: "商社・その他"],
            infix: "業界の",
            sizes: [.small: "中小企業", .medium: "中堅企業", .large: "大手企業", .enterprise: "最大手グループ"],
            terminator: "。",
            procurement: [.centralised: "IT調達は本社で一括して行う。", .decentralised: "各拠点が個別に調達する。",
                          .mixed: "基幹系は本社一括、その他は拠点ごとに調達。"]))

    static let korea = DemoAccountWords(
        stems: [.init("한빛", "hanbit"), .init("새누리", "saenuri"), .init("푸른", "pureun"), .init("다온", "daon"),
                .init("미래", "mirae"), .init("가람", "garam"), .init("누리", "nuri"), .init("별빛", "byeolbit"),
                .init("솔빛", "solbit"), .init("한울", "hanul"), .init("늘봄", "neulbom"), .init("은하", "eunha"),
                .init("청솔", "cheongsol"), .init("온누리", "onnuri"), .init("해든", "haedeun"), .init("아라", "ara"),
                .init("보람", "boram"), .init("새빛", "saebit"), .init("단비", "danbi"), .init("초록", "chorok")],
        qualifiers: [.init("경기", "gyeonggi-"), .init("호남", "honam-"), .init("영남", "yeongnam-"), .init("중부", "jungbu-"),
                     .init("동해", "donghae-"), .init("서해", "seohae-"), .init("강원", "gangwon-"), .init("제주", "jeju-")],
        forms: [
            .banking: [.init("", "은행", "-bank"), .init("주식회사 ", "은행", "-bank")],
            .insurance: [.init("", "생명보험 주식회사", "-life"), .init("", "화재해상보험", "-fire")],
            .manufacturing: [.init("", "전자 주식회사", "-electronics"), .init("", "중공업", "-heavy"),
                             .init("주식회사 ", "정밀", "-precision")],
            .automotive: [.init("", "자동차 주식회사", "-motors")],
            .telecom: [.init("", "텔레콤", "-telecom"), .init("주식회사 ", "통신", "-telecom")],
            .publicSector: [.init("", "시청", "-city"), .init("", "도시개발공사", "-udc")],
            .retail: [.init("", "유통 주식회사", "-retail"), .init("", "백화점", "-dept")],
            .energy: [.init("", "에너지 주식회사", "-energy")],
            .healthcare: [.init("", "제약 주식회사", "-pharma")],
            .logistics: [.init("", "로지스틱스", "-logistics")],
            .technology: [.init("", "정보통신 주식회사", "-ict"), .init("주식회사 ", "소프트", "-soft")],
            .other: [.init("", "상사 주식회사", "-trading")],
        ],
        holding: .init("", "홀딩스 주식회사", "-holdings"),
        cities: ["부산", "대구", "인천", "광주", "대전", "울산", "수원", "창원"],
        bankBranch: "지점", plant: "공장", office: "지사", branchSeparator: "", tld: "kr",
        labels: DemoLabels(
            industries: [.banking: "금융", .insurance: "보험", .manufacturing: "제조", .automotive: "자동차",
                         .telecom: "통신", .publicSector: "공공", .retail: "유통", .energy: "에너지",
                         .healthcare: "제약·의료", .logistics: "물류", .technology: "IT", .other: "기타"],
            infix: " 업계의 ",
            sizes: [.small: "중소기업", .medium: "중견기업", .large: "대기업", .enterprise: "최대 그룹사"],
            terminator: ". ",
            procurement: [.centralised: "IT 구매는 본사에서 일괄 진행.", .decentralised: "각 지점이 개별적으로 구매.",
                          .mixed: "핵심 시스템은 본사 일괄, 그 외는 지점별 구매."]))

    static let china = DemoAccountWords(
        stems: [.init("华星", "huaxing"), .init("东明", "dongming"), .init("金桥", "jinqiao"), .init("鼎盛", "dingsheng"),
                .init("恒信", "hengxin"), .init("瑞丰", "ruifeng"), .init("天宇", "tianyu"), .init("海川", "haichuan"),
                .init("中誉", "zhongyu"), .init("宏图", "hongtu"), .init("远航", "yuanhang"), .init("锦程", "jincheng"),
                .init("凯瑞", "kairui"), .init("嘉禾", "jiahe"), .init("启明", "qiming"), .init("新元", "xinyuan"),
                .init("明德", "mingde"), .init("泰和", "taihe"), .init("蓝海", "lanhai"), .init("云帆", "yunfan")],
        qualifiers: [.init("华东", "huadong-"), .init("华南", "huanan-"), .init("华北", "huabei-"), .init("西南", "xinan-"),
                     .init("东北", "dongbei-"), .init("西北", "xibei-"), .init("华中", "huazhong-"), .init("沿海", "yanhai-")],
        forms: [
            .banking: [.init("", "银行股份有限公司", "-bank"), .init("", "商业银行", "-bank")],
            .insurance: [.init("", "人寿保险股份有限公司", "-life")],
            .manufacturing: [.init("", "重工集团", "-heavy"), .init("", "电子股份有限公司", "-electronics"),
                             .init("", "精密制造有限公司", "-precision")],
            .automotive: [.init("", "汽车集团", "-auto")],
            .telecom: [.init("", "通信集团", "-telecom"), .init("", "电信股份有限公司", "-telecom")],
            .publicSector: [.init("", "市大数据管理局", "-bigdata"), .init("", "市政务服务中心", "-gov")],
            .retail: [.init("", "商贸集团", "-retail"), .init("", "百货股份有限公司", "-dept")],
            .energy: [.init("", "能源集团", "-energy")],
            .healthcare: [.init("", "医药股份有限公司", "-pharma")],
            .logistics: [.init("", "物流有限公司", "-logistics")],
            .technology: [.init("", "科技股份有限公司", "-tech")],
            .other: [.init("", "实业有限公司", "-industrial")],
        ],
        holding: .init("", "控股集团有限公司", "-holdings"),
        cities: ["上海", "广州", "深圳", "成都", "武汉", "杭州", "南京", "天津"],
        bankBranch: "分行", plant: "工厂", office: "分公司", branchSeparator: "", tld: "cn",
        labels: DemoLabels(
            industries: [.banking: "金融", .insurance: "保险", .manufacturing: "制造", .automotive: "汽车",
                         .telecom: "通信", .publicSector: "政府及公共事业", .retail: "零售", .energy: "能源",
                         .healthcare: "医药医疗", .logistics: "物流", .technology: "信息技术", .other: "其他"],
            infix: "行业的",
            sizes: [.small: "中小企业", .medium: "中型企业", .large: "大型企业", .enterprise: "龙头企业集团"],
            terminator: "。",
            procurement: [.centralised: "IT采购由总部统一进行。", .decentralised: "各分支机构独立采购。",
                          .mixed: "核心系统由总部集采，其余由分支机构采购。"]))

    static let english = DemoLabels(
        industries: [.banking: "Banking", .insurance: "Insurance", .manufacturing: "Manufacturing",
                     .automotive: "Automotive", .telecom: "Telecommunications", .publicSector: "Public sector",
                     .retail: "Retail", .energy: "Energy", .healthcare: "Healthcare", .logistics: "Logistics",
                     .technology: "Technology", .other: "Diversified"],
        infix: " sector, ",
        sizes: [.small: "small company", .medium: "mid-sized company", .large: "large company",
                .enterprise: "market-leading group"],
        terminator: ". ",
        procurement: [.centralised: "IT is procured centrally by headquarters.",
                      .decentralised: "Each branch buys on its own.",
                      .mixed: "Core systems are bought centrally, the rest locally."])

    static let europe = DemoAccountWords(
        stems: [.init("Nord", "nord"), .init("Rhein", "rhein"), .init("Alpen", "alpen"), .init("Baltic", "baltic"),
                .init("Adria", "adria"), .init("Lumen", "lumen"), .init("Aurora", "aurora"), .init("Donau", "donau"),
                .init("Fjord", "fjord"), .init("Boreal", "boreal"), .init("Hansa", "hansa"), .init("Meridian", "meridian"),
                .init("Vista", "vista"), .init("Solara", "solara"), .init("Castell", "castell"), .init("Lyra", "lyra"),
                .init("Arden", "arden"), .init("Valmont", "valmont"), .init("Sirius", "sirius"), .init("Tessin", "tessin")],
        qualifiers: [.init("Erste ", "erste-"), .init("Neue ", "neue-"), .init("Vereinigte ", "vereinigte-"),
                     .init("Allgemeine ", "allgemeine-"), .init("Euro ", "euro-"), .init("Nova ", "nova-"),
                     .init("Prima ", "prima-"), .init("Union ", "union-")],
        forms: [
            .banking: [.init("", "bank AG", "bank"), .init("Banque ", "", "-banque")],
            .insurance: [.init("", " Versicherung AG", "-versicherung"), .init("", " Assurances SA", "-assurances")],
            .manufacturing: [.init("", " Maschinenbau GmbH", "-maschinenbau"), .init("", " Industrie SpA", "-industrie")],
            .automotive: [.init("", " Automobil AG", "-auto")],
            .telecom: [.init("", " Telecom SA", "-telecom"), .init("", "tel NV", "tel")],
            .publicSector: [.init("Stadtwerke ", "", "-stadtwerke"), .init("", " Regional Authority", "-authority")],
            .retail: [.init("", " Retail Group SE", "-retail"), .init("", " Handel GmbH", "-handel")],
            .energy: [.init("", " Energie AG", "-energie")],
            .healthcare: [.init("", " Pharma AG", "-pharma")],
            .logistics: [.init("", " Logistik GmbH", "-logistik")],
            .technology: [.init("", " Systems GmbH", "-systems")],
            .other: [.init("", " Handelshaus GmbH", "-handelshaus")],
        ],
        holding: .init("", " Holding SE", "-holding"),
        cities: ["Hamburg", "München", "Paris", "Milano", "Madrid", "Amsterdam", "Wien", "Stockholm"],
        bankBranch: "Branch", plant: "Plant", office: "Office", branchSeparator: " ", tld: "eu", labels: english)

    static let northAmerica = DemoAccountWords(
        stems: [.init("Atlantic", "atlantic"), .init("Pacific", "pacific"), .init("Summit", "summit"),
                .init("Liberty", "liberty"), .init("Great Lakes", "greatlakes"), .init("Redwood", "redwood"),
                .init("Frontier", "frontier"), .init("Keystone", "keystone"), .init("Prairie", "prairie"),
                .init("Cascade", "cascade"), .init("Evergreen", "evergreen"), .init("Harbor", "harbor"),
                .init("Granite", "granite"), .init("Silver Creek", "silvercreek"), .init("Lone Star", "lonestar"),
                .init("Bayview", "bayview"), .init("Northstar", "northstar"), .init("Copper Ridge", "copperridge"),
                .init("Riverbend", "riverbend"), .init("Blue Mesa", "bluemesa")],
        qualifiers: [.init("First ", "first-"), .init("United ", "united-"), .init("American ", "american-"),
                     .init("Western ", "western-"), .init("Eastern ", "eastern-"), .init("Central ", "central-"),
                     .init("National ", "national-"), .init("Coastal ", "coastal-")],
        forms: [
            .banking: [.init("", " Bancorp", "-bancorp"), .init("", " National Bank", "-bank")],
            .insurance: [.init("", " Mutual Insurance Co.", "-mutual")],
            .manufacturing: [.init("", " Manufacturing Inc.", "-mfg"), .init("", " Industries Corp", "-industries")],
            .automotive: [.init("", " Motors Inc.", "-motors")],
            .telecom: [.init("", " Communications Inc.", "-comms"), .init("", " Wireless Corp", "-wireless")],
            .publicSector: [.init("", " County", "-county"), .init("City of ", "", "-city")],
            .retail: [.init("", " Retail Corp", "-retail"), .init("", " Stores Inc.", "-stores")],
            .energy: [.init("", " Energy Corp", "-energy")],
            .healthcare: [.init("", " Health Systems", "-health")],
            .logistics: [.init("", " Freight Lines", "-freight")],
            .technology: [.init("", " Technologies Inc.", "-tech")],
            .other: [.init("", " Holdings LLC", "-llc")],
        ],
        holding: .init("", " Holdings Inc.", "-holdings"),
        cities: ["Chicago", "Boston", "Dallas", "Seattle", "Atlanta", "Denver", "Toronto", "Phoenix"],
        bankBranch: "Branch", plant: "Plant", office: "Office", branchSeparator: " ", tld: "com", labels: english)
}
