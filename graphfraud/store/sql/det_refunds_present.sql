-- name: det_refunds_present
-- purpose: whether the data holds any refund settlement: without them an export cannot say a sale was
--          never refunded.
-- params: none
-- returns: refunds
SELECT count(*) > 0 AS refunds FROM setl_d WHERE refd_setl_flag = 1;
