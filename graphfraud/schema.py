"""The input contract (shared/domain/input-format.md) as data: tables, columns, kinds, keys, aliases.

Column kinds: ``id`` and ``text`` are strings (trimmed, full-width folded); ``time`` a timestamp;
``num`` a decimal number; ``flag`` a small integer code (0/1). Identifiers are never numbers.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, str]
    key: tuple[str, ...]
    required: tuple[str, ...] = ()
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    protected: tuple[str, ...] = ()
    """Columns read but never stored (whistle-blower data, 医保办发〔2022〕22号)."""

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.key + self.required))

    def columns_of(self, kind: str) -> list[str]:
        return [c for c, k in self.columns.items() if k == kind]

    @property
    def stored_columns(self) -> list[str]:
        return [c for c in self.columns if c not in self.protected]


def _cols(spec: str) -> dict[str, str]:
    """'psn_no certno:id brdy:time' -> {psn_no: id, certno: id, brdy: time}; a name without kind is text."""
    out: dict[str, str] = {}
    for token in spec.split():
        name, _, kind = token.partition(":")
        out[name] = kind or "text"
    return out


# Aliases valid in every table (input-format.md "Aliases").
COMMON_ALIASES: dict[str, tuple[str, ...]] = {
    "psn_no": ("人员编号", "psn_id"),
    "certno": ("证件号码", "身份证号"),
    "psn_name": ("姓名", "人员姓名"),
    "setl_id": ("结算ID", "结算流水号"),
    "mdtrt_id": ("就诊ID",),
    "bkkp_sn": ("记账流水号", "feedetl_sn"),
    "fixmedins_code": ("定点医药机构编号", "机构编码", "medins_code"),
    "fixmedins_name": ("定点医药机构名称", "机构名称"),
    "med_list_codg": ("医保目录编码", "医疗目录编码", "hilist_code"),
    "hilist_name": ("医保目录名称", "项目名称", "药品名称"),
    "bilg_dr_codg": ("bilg_dr_code", "开单医生编码"),
    "bilg_dr_name": ("开单医生姓名",),
    "setl_time": ("结算时间",),
    "fee_ocur_time": ("费用发生时间",),
    "fund_pay_sumamt": ("基金支付总额",),
    "hifp_pay": ("统筹基金支出",),
    "acct_pay": ("个人账户支出",),
    "psn_cash_pay": ("个人现金支出", "cash_payamt"),
    "medfee_sumamt": ("医疗费总额",),
    "det_item_fee_sumamt": ("明细项目费用总额",),
    "cnt": ("数量",),
    "pric": ("单价",),
    "prd_days": ("周期天数",),
    "drug_trac_codg": ("drug_trac_code", "药品追溯码", "追溯码"),
    "trdn_flag": ("拆零标志",),
    "sel_retn_cnt": ("销售/退货数量",),
    "sel_retn_time": ("销售/退货时间",),
    "purc_retn_cnt": ("采购/退货数量",),
}

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("psn_info", _cols(
        "psn_no:id certno:id psn_name gend:id brdy:time insutype:id psn_type:id insuplc_admdvs:id "
        "emp_name tel:id addr psn_insu_stas:id death_date:time"), key=("psn_no",)),
    Table("fixmedins", _cols(
        "fixmedins_code:id fixmedins_name fixmedins_type:id hosp_lv:id admdvs:id addr tel:id "
        "legal_rep_name legal_rep_certno:id uscc:id begndate:time enddate:time"), key=("fixmedins_code",)),
    Table("practitioner", _cols(
        "dr_code:id dr_name dr_type:id prac_cert_no:id certno:id fixmedins_code:id tel:id"), key=("dr_code",)),
    Table("mdtrt_d", _cols(
        "mdtrt_id:id psn_no:id fixmedins_code:id med_type:id begntime:time endtime:time dise_codg:id "
        "dise_name atddr_no:id ipt_days:num vali_flag:flag"), key=("mdtrt_id",)),
    Table("setl_d", _cols(
        "setl_id:id mdtrt_id:id psn_no:id fixmedins_code:id med_type:id insutype:id setl_time:time "
        "medfee_sumamt:num hifp_pay:num fund_pay_sumamt:num acct_pay:num psn_cash_pay:num "
        "refd_setl_flag:flag vali_flag:flag insuplc_admdvs:id mdtrtarea_admvs:id mdtrt_cert_type:id "
        "opter_id:id dev_no:id"), key=("setl_id",), required=("psn_no", "fixmedins_code", "setl_time")),
    Table("fee_list_d", _cols(
        "bkkp_sn:id setl_id:id mdtrt_id:id psn_no:id fixmedins_code:id fee_ocur_time:time med_list_codg:id "
        "hilist_name list_type:id cnt:num pric:num det_item_fee_sumamt:num prd_days:num bilg_dr_codg:id "
        "bilg_dr_name rxno:id rx_circ_flag:flag trdn_flag:flag drug_trac_codg:id vali_flag:flag"),
        key=("bkkp_sn",), required=("setl_id", "psn_no", "med_list_codg"),
        aliases={"bilg_dr_codg": ("atddr_no",)}),
    Table("drug_catalog", _cols(
        "med_list_codg:id reg_name spec dosform_name prodentp_name pric_uplmt:num resale_risk:flag"),
        key=("med_list_codg",)),
    Table("inv_purc", _cols(
        "fixmedins_code:id med_list_codg:id fixmedins_hilist_id:id fixmedins_bchno:id manu_lotnum:id "
        "spler_name purc_retn_cnt:num purc_retn_flag:flag purc_retn_stoin_time:time finl_trns_pric:num "
        "purc_invo_no:id drug_trac_codg:id"),
        key=("fixmedins_code", "fixmedins_bchno", "purc_retn_stoin_time", "med_list_codg"),
        required=("purc_retn_cnt",)),
    Table("inv_sale", _cols(
        "medins_prod_sel_no:id fixmedins_code:id med_list_codg:id fixmedins_hilist_id:id fixmedins_bchno:id "
        "manu_lotnum:id setl_id:id mdtrt_id:id psn_no:id sel_retn_cnt:num sel_retn_flag:flag "
        "sel_retn_time:time trdn_flag:flag drug_trac_codg:id prsc_dr_name phar_name phar_prac_cert_no:id "
        "rtal_docno:id"), key=("medins_prod_sel_no",),
        required=("fixmedins_code", "med_list_codg", "sel_retn_cnt"), aliases={"mdtrt_id": ("mdtrt_sn",)}),
    Table("inv_stock", _cols(
        "fixmedins_code:id med_list_codg:id fixmedins_hilist_id:id fixmedins_bchno:id invdate:time inv_cnt:num"),
        key=("fixmedins_code", "fixmedins_bchno", "invdate", "med_list_codg"), required=("inv_cnt",)),
    Table("psn_ident", _cols("psn_no:id ident_type:id ident_value:id source obs_time:time"),
          key=("psn_no", "ident_type", "ident_value")),
    Table("rule_hits", _cols(
        "jr_id:id rule_id:id rule_name vola_cont psn_no:id mdtrt_id:id setl_id:id fixmedins_code:id "
        "vola_amt:num sev_deg:id vola_bhvr_type:id task_id:id"), key=("jr_id",)),
    Table("report_lead", _cols(
        "lead_id:id received_time:time subject_psn_no:id subject_fixmedins_code:id content "
        "informant_name informant_tel:id"), key=("lead_id",), protected=("informant_name", "informant_tel")),
)}

REQUIRED_TABLES = ("setl_d", "fee_list_d")
REJECT_REASONS = ("missing_key", "bad_time", "bad_number", "bad_columns", "bad_quotes", "bad_encoding", "bad_id",
                  "too_long")


def aliases_for(table: Table) -> dict[str, str]:
    """Lower-cased accepted header -> canonical column, for one table."""
    out: dict[str, str] = {}
    for column in table.columns:
        out[column.lower()] = column
        for alias in COMMON_ALIASES.get(column, ()) + table.aliases.get(column, ()):
            out[alias.lower()] = column
    return out


def table_for_file(file_name: str) -> Table | None:
    """The table a data file belongs to: the longest table name its file name starts with."""
    lower = file_name.lower()
    matches = [t for n, t in TABLES.items() if lower.startswith(n)]
    return max(matches, key=lambda t: len(t.name)) if matches else None
