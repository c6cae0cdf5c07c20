-- name: graph_views
-- purpose: the property graph of docs/data-model.md as two views over the input tables:
--          g_nodes(id, label, key, name) and g_edges(src, dst, type). Node IDs are 'Label:key'.
--          Entity nodes (Person, Institution, Practitioner, Drug, Identifier, TraceCode) exist
--          wherever they are referenced; event nodes only where their own row was loaded, and a
--          relationship to an event node only where that node exists (as MATCH does in Neo4j).
-- mode: write
-- params: none
-- returns: nothing (creates the views g_trace, g_ident, g_nodes, g_edges)
CREATE OR REPLACE VIEW g_trace AS
    SELECT 'FeeLine:' || _key AS owner, trim(code) AS code FROM (
        SELECT _key, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM fee_list_d
        WHERE drug_trac_codg IS NOT NULL) WHERE trim(code) <> ''
    UNION ALL SELECT 'Sale:' || _key, trim(code) FROM (
        SELECT _key, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM inv_sale
        WHERE drug_trac_codg IS NOT NULL) WHERE trim(code) <> ''
    UNION ALL SELECT 'Purchase:' || _key, trim(code) FROM (
        SELECT _key, unnest(string_split_regex(drug_trac_codg, '[,;|]')) AS code FROM inv_purc
        WHERE drug_trac_codg IS NOT NULL) WHERE trim(code) <> '';

CREATE OR REPLACE VIEW g_ident AS
    SELECT 'Person:' || psn_no AS owner, ident_type AS type, ident_value AS value, 'HAS_IDENTIFIER' AS rel FROM psn_ident
    UNION ALL SELECT 'Person:' || psn_no, 'tel', tel, 'HAS_IDENTIFIER' FROM psn_info WHERE tel IS NOT NULL
    UNION ALL SELECT 'Person:' || psn_no, 'addr', addr, 'HAS_IDENTIFIER' FROM psn_info WHERE addr IS NOT NULL
    UNION ALL SELECT 'Person:' || psn_no, 'certno', certno, 'HAS_IDENTIFIER' FROM psn_info WHERE certno IS NOT NULL
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'tel', tel, 'HAS_IDENTIFIER' FROM fixmedins WHERE tel IS NOT NULL
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'addr', addr, 'HAS_IDENTIFIER' FROM fixmedins WHERE addr IS NOT NULL
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'certno', legal_rep_certno, 'LEGAL_REP' FROM fixmedins
        WHERE legal_rep_certno IS NOT NULL
    UNION ALL SELECT 'Practitioner:' || dr_code, 'certno', certno, 'HAS_IDENTIFIER' FROM practitioner WHERE certno IS NOT NULL
    UNION ALL SELECT 'Practitioner:' || dr_code, 'tel', tel, 'HAS_IDENTIFIER' FROM practitioner WHERE tel IS NOT NULL;

CREATE OR REPLACE VIEW g_edges AS SELECT DISTINCT src, dst, type FROM (
    SELECT owner AS src, 'Identifier:' || type || ':' || value AS dst, rel AS type FROM g_ident
    UNION ALL SELECT 'Practitioner:' || dr_code, 'Institution:' || fixmedins_code, 'WORKS_AT' FROM practitioner
        WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'Person:' || psn_no, 'Visit:' || _key, 'HAD_VISIT' FROM mdtrt_d WHERE psn_no IS NOT NULL
    UNION ALL SELECT 'Visit:' || _key, 'Institution:' || fixmedins_code, 'AT' FROM mdtrt_d WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'Visit:' || _key, 'Practitioner:' || atddr_no, 'ATTENDED_BY' FROM mdtrt_d WHERE atddr_no IS NOT NULL
    UNION ALL SELECT 'Person:' || psn_no, 'Claim:' || _key, 'SETTLED' FROM setl_d WHERE psn_no IS NOT NULL
    UNION ALL SELECT 'Claim:' || _key, 'Institution:' || fixmedins_code, 'AT' FROM setl_d WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'Claim:' || s._key, 'Visit:' || v._key, 'FOR_VISIT' FROM setl_d s JOIN mdtrt_d v ON v._key = s.mdtrt_id
    UNION ALL SELECT 'Claim:' || s._key, 'FeeLine:' || f._key, 'HAS_LINE' FROM fee_list_d f JOIN setl_d s ON s._key = f.setl_id
    UNION ALL SELECT 'FeeLine:' || _key, 'Drug:' || med_list_codg, 'OF_DRUG' FROM fee_list_d WHERE med_list_codg IS NOT NULL
    UNION ALL SELECT 'FeeLine:' || _key, 'Practitioner:' || bilg_dr_codg, 'PRESCRIBED_BY' FROM fee_list_d
        WHERE bilg_dr_codg IS NOT NULL
    UNION ALL SELECT owner, 'TraceCode:' || code, 'HAS_TRACE' FROM g_trace
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'Purchase:' || _key, 'PURCHASED' FROM inv_purc
    UNION ALL SELECT 'Purchase:' || _key, 'Drug:' || med_list_codg, 'OF_DRUG' FROM inv_purc
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'Sale:' || _key, 'SOLD' FROM inv_sale WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'Sale:' || _key, 'Drug:' || med_list_codg, 'OF_DRUG' FROM inv_sale WHERE med_list_codg IS NOT NULL
    UNION ALL SELECT 'Sale:' || _key, 'Person:' || psn_no, 'TO_PERSON' FROM inv_sale WHERE psn_no IS NOT NULL
    UNION ALL SELECT 'Sale:' || i._key, 'Claim:' || s._key, 'FOR_CLAIM' FROM inv_sale i JOIN setl_d s ON s._key = i.setl_id
    UNION ALL SELECT 'Institution:' || fixmedins_code, 'StockTake:' || _key, 'TOOK_STOCK' FROM inv_stock
    UNION ALL SELECT 'StockTake:' || _key, 'Drug:' || med_list_codg, 'OF_DRUG' FROM inv_stock
    UNION ALL SELECT 'RuleHit:' || _key, 'Person:' || psn_no, 'FLAGS' FROM rule_hits WHERE psn_no IS NOT NULL
    UNION ALL SELECT 'RuleHit:' || _key, 'Institution:' || fixmedins_code, 'FLAGS' FROM rule_hits WHERE fixmedins_code IS NOT NULL
    UNION ALL SELECT 'RuleHit:' || r._key, 'Claim:' || s._key, 'FLAGS' FROM rule_hits r JOIN setl_d s ON s._key = r.setl_id
    UNION ALL SELECT 'RuleHit:' || r._key, 'Visit:' || v._key, 'FLAGS' FROM rule_hits r JOIN mdtrt_d v ON v._key = r.mdtrt_id
    UNION ALL SELECT 'Lead:' || _key, 'Person:' || subject_psn_no, 'ABOUT' FROM report_lead WHERE subject_psn_no IS NOT NULL
    UNION ALL SELECT 'Lead:' || _key, 'Institution:' || subject_fixmedins_code, 'ABOUT' FROM report_lead
        WHERE subject_fixmedins_code IS NOT NULL
);

CREATE OR REPLACE VIEW g_nodes AS
    SELECT id, label, substr(id, length(label) + 2) AS key, max(name) AS name FROM (
        SELECT 'Person:' || psn_no AS id, 'Person' AS label, psn_name AS name FROM psn_info
        UNION ALL SELECT 'Institution:' || fixmedins_code, 'Institution', fixmedins_name FROM fixmedins
        UNION ALL SELECT 'Practitioner:' || dr_code, 'Practitioner', dr_name FROM practitioner
        UNION ALL SELECT 'Drug:' || med_list_codg, 'Drug', reg_name FROM drug_catalog
        UNION ALL SELECT 'Visit:' || _key, 'Visit', NULL FROM mdtrt_d
        UNION ALL SELECT 'Claim:' || _key, 'Claim', NULL FROM setl_d
        UNION ALL SELECT 'FeeLine:' || _key, 'FeeLine', hilist_name FROM fee_list_d
        UNION ALL SELECT 'Purchase:' || _key, 'Purchase', NULL FROM inv_purc
        UNION ALL SELECT 'Sale:' || _key, 'Sale', NULL FROM inv_sale
        UNION ALL SELECT 'StockTake:' || _key, 'StockTake', NULL FROM inv_stock
        UNION ALL SELECT 'RuleHit:' || _key, 'RuleHit', rule_name FROM rule_hits
        UNION ALL SELECT 'Lead:' || _key, 'Lead', NULL FROM report_lead
        UNION ALL SELECT dst, split_part(dst, ':', 1), NULL FROM g_edges
        UNION ALL SELECT src, split_part(src, ':', 1), NULL FROM g_edges
    ) GROUP BY id, label;
