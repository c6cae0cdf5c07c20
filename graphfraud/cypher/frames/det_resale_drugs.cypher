// name: det_resale_drugs
// mode: read
// purpose: the watch list of easily resold drugs (drug_catalog.resale_risk = 1).
// params: none
// returns: med_list_codg
MATCH (d:Drug) WHERE d.resale_risk = 1
RETURN d.med_list_codg AS med_list_codg ORDER BY med_list_codg
