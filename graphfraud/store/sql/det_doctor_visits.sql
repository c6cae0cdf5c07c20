-- name: det_doctor_visits
-- purpose: when each of the given persons saw each of the given doctors: visit starts (mdtrt_d
--          begntime, attending doctor atddr_no) and the times of lines the doctor billed at his own
--          institution. Valid rows only; visits at pharmacies (code P…: the fill's own record) left out.
--          The prescription behind an external fill was written at such a visit.
-- params: $psn_nos, $dr_codes
-- returns: psn_no, dr_code, t
SELECT psn_no, atddr_no AS dr_code, begntime AS t FROM mdtrt_d
WHERE coalesce(vali_flag, 1) = 1 AND begntime IS NOT NULL AND left(coalesce(fixmedins_code, ''), 1) <> 'P'
  AND psn_no IN (SELECT unnest($psn_nos)) AND atddr_no IN (SELECT unnest($dr_codes))
UNION
SELECT f.psn_no, f.bilg_dr_codg, f.fee_ocur_time FROM fee_list_d f JOIN practitioner p ON p.dr_code = f.bilg_dr_codg
WHERE f.vali_flag = 1 AND f.fee_ocur_time IS NOT NULL AND f.fixmedins_code = p.fixmedins_code
  AND f.psn_no IN (SELECT unnest($psn_nos)) AND f.bilg_dr_codg IN (SELECT unnest($dr_codes))
ORDER BY psn_no, dr_code, t;
