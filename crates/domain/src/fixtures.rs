//! Test fixtures shared by the domain's unit tests: one small, consistent district.

use crate::DistrictOrg;
use crate::dataset::DistrictFile;
use serde_json::{Value, json};

/// Two subdistricts (甲 centre, 乙) in one zone, one township in none, and a special area with the
/// bureau's team posted to it; the bureau also has a mobile team.
pub(crate) fn district_json() -> Value {
    json!({
        "district": {"code": "350602", "name": "芗城区", "province": "福建省", "city": "漳州市",
                     "bureau": "t-bureau", "demo": true},
        "departments": [
            {"id": "t-bureau", "name": "区城管执法局", "short_name": "区城管执法局"},
            {"id": "t-zjj", "name": "区住建局", "short_name": "区住建局", "phone": "0596-2101002"}
        ],
        "localities": [
            {"id": "t-a", "name": "甲街道", "kind": "subdistrict", "office": "甲街道办事处",
             "team": "甲街道综合执法大队", "address": "甲路 1 号", "supervision_phone": "0596-2102001",
             "deputy_lead": "张某"},
            {"id": "t-b", "name": "乙镇", "kind": "town", "office": "乙镇人民政府",
             "team": "乙镇综合执法大队", "address": "乙路 1 号", "supervision_phone": "0596-2102002"},
            {"id": "t-c", "name": "丙乡", "kind": "township", "office": "丙乡人民政府",
             "team": "丙乡综合执法队", "address": "丙路 1 号", "supervision_phone": "0596-2102004"},
            {"id": "t-area", "name": "园区", "kind": "special_area", "address": "园区路 1 号",
             "supervision_phone": "0596-2102003"}
        ],
        "zones": [
            {"id": "t-east", "name": "东部片区", "lead_department": "t-zjj", "lead": "李某",
             "centre": "t-a", "legal_reviewer": "王某", "members": ["t-a", "t-b"]}
        ],
        "teams": [
            {"id": "t-mobile", "name": "机动执法中队", "kind": "mobile"},
            {"id": "t-area-team", "name": "园区执法中队", "kind": "special_area", "area": "t-area"}
        ]
    })
}

pub(crate) fn district() -> DistrictOrg {
    let file: DistrictFile = serde_json::from_value(district_json()).expect("the fixture parses");
    file.into_org().expect("the fixture is consistent")
}
