-- name: det_resale_drugs
-- purpose: the watch list of easily resold drugs (drug_catalog.resale_risk = 1).
-- params: none
-- returns: med_list_codg
SELECT med_list_codg FROM drug_catalog WHERE resale_risk = 1 ORDER BY med_list_codg;
