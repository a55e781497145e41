"""Words shown to people (nhãn): the name of every status, kind and role, for the pages, the command
line and the drafts alike. Lower layers hand out codes (a StrEnum's value, a stored string); the edges
look the words up here, so one status is never named two ways; MESSAGES gives the sentence of each
error code (`service.errors.VanthuError` shows it)."""

from __future__ import annotations

# A tracking status (trạng thái báo cáo) of a unit for one period (service.tracking.status).
TRACKING_STATUS = {
    "not_due": "Chưa đến hạn",
    "due_soon": "Sắp đến hạn, chưa gửi",
    "on_time": "Đã gửi, đúng hạn",
    "late": "Đã gửi, chậm hạn",
    "overdue": "Quá hạn, chưa gửi",
}
RECURRENCE = {
    None: "Một lần",
    "": "Một lần",
    "yearly": "Hằng năm",
    "quarterly": "Hằng quý",
    "monthly": "Hằng tháng",
    "weekly": "Hằng tuần",
}
DOCUMENT_STATUS = {
    "registered": "Đã đăng ký",
    "corrected": "Đã hiệu chỉnh",
    # a document received as an edXML message (service.exchange): marked, never deleted
    "revoked": "Đã thu hồi (nơi gửi lấy lại)",
    "replaced": "Đã được thay thế",
    "refused": "Đã từ chối",
}
DRAFT_STATUS = {
    "draft": "Chờ ký",
    "returned": "Bị trả lại",
    "signed": "Lãnh đạo đã ký, chờ ban hành",
    "issued": "Đã ban hành",
    "withdrawn": "Đã rút",
}
DRAFT_KIND = {
    "reply": "Văn bản trả lời",
    "reminder": "Công văn đôn đốc",
    "summary": "Báo cáo tổng hợp",
    "plan": "Kế hoạch thực hiện",
}
LINK_STATE = {
    "linked": "Đã liên kết",
    "proposed": "Đề xuất, chờ xác nhận",
    "rejected": "Đã từ chối hoặc bỏ liên kết",
}
QUARANTINE_STATUS = {"open": "Đang cách ly", "retried": "Đã đăng ký lại", "discarded": "Đã loại bỏ"}
# A field of an incoming document, as the register's columns name it.
FIELD = {
    "doc_type": "Loại văn bản",
    "number_symbol": "Số, ký hiệu",
    "issuer": "Cơ quan ban hành",
    "parent_issuer": "Cơ quan chủ quản",
    "place": "Địa danh",
    "issue_date": "Ngày tháng văn bản",
    "title_summary": "Trích yếu",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "urgency": "Độ khẩn",
    "secrecy": "Độ mật",
}
# service.workflow.states: Role, HandlingState with AssignmentStatus, StepCode, AssignmentRole
ROLE = {"clerk": "Văn thư", "leader": "Lãnh đạo", "officer": "Chuyên viên", "viewer": "Người xem"}
HANDLING_STATE = {
    "registered": "Chưa trình",
    "presented": "Chờ lãnh đạo cho ý kiến",
    "returned": "Lãnh đạo trả lại văn thư",
    "in_progress": "Đang xử lý",
    "done": "Đã xử lý xong",
    "open": "Đang xử lý",
    "overdue": "Quá hạn xử lý",
    "done_late": "Xong, quá hạn",
    "filed": "Đã lưu, không trình",
}
HANDLING_STEP = {
    "presented": "Trình lãnh đạo",
    "returned": "Trả lại văn thư",
    "forwarded": "Chuyển lãnh đạo khác",
    "directed": "Ý kiến chỉ đạo",
    "assigned": "Giao xử lý",
    "reassigned": "Giao lại trong đơn vị",
    "acknowledged": "Ký nhận",
    "progress": "Cập nhật tiến độ",
    "done": "Hoàn thành",
    "filed": "Lưu, không trình",
}
ASSIGNMENT_ROLE = {"lead": "Chủ trì", "support": "Phối hợp"}

# A status message of the electronic exchange (edXML, service.exchange.codes.StatusCode), as the
# outgoing register shows what a recipient sent back.
EXCHANGE_STATUS = {
    "01": "Đã đến",
    "02": "Bị từ chối",
    "03": "Đã vào sổ",
    "04": "Đã phân công",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Đề nghị lấy lại",
    "15": "Đồng ý cập nhật/lấy lại",
    "16": "Từ chối cập nhật/lấy lại",
}
# The description a status message carries to the other office, in the samples' manner ("Đã đến -
# Phần mềm QLVB đã nhận nhưng văn thư chưa xử lý").
EXCHANGE_STATUS_DESCRIPTION = {
    "01": "Đã đến - Phần mềm quản lý văn bản đã nhận nhưng văn thư chưa xử lý",
    "03": "Đã vào sổ - Văn thư đã tiếp nhận và đăng ký văn bản",
    "04": "Đã phân công - Văn bản đã được giao xử lý",
    "05": "Đang xử lý - Văn bản đang được giải quyết",
    "06": "Hoàn thành - Văn bản đã được giải quyết xong",
    "15": "Đồng ý - Đã thực hiện yêu cầu cập nhật hoặc lấy lại văn bản",
}


# code -> message shown to the clerk (văn thư). Codes are stored; sentences are shown.
MESSAGES: dict[str, str] = {
    "empty_file": "Tệp rỗng, không có nội dung.",
    "unsupported_format": "Định dạng tệp không được hỗ trợ.",
    "wrong_extension": "Tệp hỏng hoặc lưu sai định dạng: nội dung không đúng loại mà phần mở rộng cho biết "
    "(ví dụ tên .pdf nhưng không phải PDF). Đề nghị xin lại tệp gốc.",
    "corrupt_docx": "Tệp Word bị hỏng hoặc không đầy đủ, không mở được.",
    "corrupt_pdf": "Tệp PDF bị hỏng, không đọc được.",
    "encrypted_pdf": "Tệp PDF được đặt mật khẩu; đề nghị xin bản không mật khẩu.",
    "too_many_pages": "Tệp có quá nhiều trang so với giới hạn cho phép.",
    "too_large": "Tệp quá lớn so với giới hạn cho phép.",
    "too_many_pixels": "Ảnh quá lớn (có thể là ảnh độc hại), không xử lý.",
    "zip_bomb": "Tệp nén có dung lượng giải nén bất thường (có thể là tệp độc hại).",
    "xml_attack": "Tệp Word chứa cấu trúc XML nguy hiểm, không mở.",
    "timeout": "Đọc tệp quá thời gian cho phép.",
    "unknown_encoding": "Không nhận ra bảng mã của tệp văn bản.",
    "no_text": "Không đọc được chữ trong tệp.",
    "ocr_failed": "Không đọc được chữ trong tệp quét.",
    "ocr_unavailable": "Máy chưa cài tesseract với dữ liệu tiếng Việt để đọc tệp quét.",
    "converter_failed": "Không chuyển đổi được tệp bằng LibreOffice.",
    "duplicate": "Văn bản này đã được đăng ký trước đó.",
    "symlink_refused": "Liên kết tượng trưng (symlink) không được chấp nhận.",
    "disk_full": "Ổ đĩa đầy, không lưu được tệp.",
    "internal": "Lỗi nội bộ khi xử lý tệp; đã ghi nhật ký để kiểm tra.",
    "quarantine_not_found": "Không có tệp cách ly này.",
    "quarantine_not_open": "Tệp cách ly này đã được xử lý (đã đăng ký lại hoặc đã loại bỏ).",
    "backup_folder_missing": "Thư mục để ghi bản sao lưu không tồn tại.",
    "backup_not_writable": "Không ghi được bản sao lưu vào thư mục này.",
    "backup_damaged": "Bản sao lưu bị hỏng hoặc không phải bản sao lưu của Vanthu.",
    "backup_other_database": "Bản sao lưu là của loại cơ sở dữ liệu khác với cơ sở dữ liệu của văn phòng này.",
    "restore_would_replace": "Cơ sở dữ liệu đã có văn bản; thêm --force nếu thật sự muốn thay bằng bản sao lưu.",
    "database_tool_missing": "Thiếu công cụ sao lưu PostgreSQL (cài gói postgresql-client).",
    "database_tool_failed": "Công cụ sao lưu cơ sở dữ liệu báo lỗi.",
    "database_unsupported": "Loại cơ sở dữ liệu này không sao lưu được bằng Vanthu; dùng công cụ của nó.",
    "config_invalid": "Tệp cấu hình không hợp lệ.",
    "user_exists": "Người dùng này đã có; thêm --update để đổi mật khẩu hoặc vai trò.",
    "password_too_short": "Mật khẩu quá ngắn.",
    "invalid_requirement": "Yêu cầu báo cáo không hợp lệ.",
    "requirement_not_found": "Không có yêu cầu báo cáo này.",
    "requirement_closed": "Yêu cầu báo cáo này đã ngừng theo dõi.",
    "received_fixed": "Ngày nhận của văn bản đến là ngày đăng ký vào sổ, không sửa ở đây.",
    "invalid_link": "Liên kết báo cáo không hợp lệ.",
    "link_not_found": "Không có liên kết báo cáo này.",
    "invalid_period": "Kỳ báo cáo không thuộc yêu cầu báo cáo.",
    "unit_not_owing": "Đơn vị không phải báo cáo theo yêu cầu này.",
    "draft_not_found": "Không tìm thấy dự thảo.",
    "draft_not_pending": "Dự thảo không ở trạng thái chờ ký hoặc chờ ban hành (đã ban hành, đã trả lại "
    "hoặc đã rút).",
    "draft_kind_unknown": "Loại dự thảo không hợp lệ (reply, reminder, summary, plan).",
    "draft_placeholder": "Dự thảo còn chỗ chưa viết (trong ngoặc vuông [ ], hoặc số, ngày của văn bản đến còn «…»): "
    "xem mục «Còn phần phải viết» trên trang dự thảo.",
    "draft_not_editable": "Dự thảo đã ký, đã ban hành hoặc đã rút, không sửa được nữa.",
    "draft_stale": "Số liệu đã thay đổi từ khi tạo dự thảo (xem mục «Đã thay đổi»): tạo lại dự thảo, hoặc "
    "lãnh đạo xác nhận giữ nội dung cũ rồi mới ký.",
    "draft_empty": "Nội dung dự thảo không được để trống.",
    "draft_not_signed": "Dự thảo chưa được lãnh đạo ký, chưa ban hành được.",
    "draft_signed_other_year": "Dự thảo được ký trong năm trước, số văn bản năm nay không dùng được: trả lại "
    "để lãnh đạo ký lại.",
    "draft_not_withdrawable": "Dự thảo đã ban hành, không rút được.",
    "signature_image_invalid": "Ảnh chữ ký phải là tệp PNG hoặc JPEG, không quá 2 MB.",
    "user_not_found": "Không có người dùng này.",
    "signer_invalid": "Nhập họ và tên đầy đủ của người ký (ví dụ: Nguyễn Văn An), không phải tên đăng nhập.",
    "document_not_found": "Không tìm thấy văn bản đến.",
    "period_not_found": "Yêu cầu báo cáo không có kỳ báo cáo này.",
    "nothing_to_remind": "Không có đơn vị nào quá hạn hoặc sắp đến hạn để đôn đốc.",
    "signing_failed": "Không ký số được văn bản (kiểm tra chứng thư số và mật khẩu).",
    "hash_mismatch": "Tệp trong thư mục văn bản đi đã bị thay đổi (mã băm không khớp).",
    "outbox_exists": "Thư mục văn bản đi đã tồn tại.",
    # handling of incoming documents (service.workflow, service.handling); the sentence raised names the detail
    "handling_step_refused": "Văn bản không ở bước cho phép thao tác này.",
    "handling_forbidden": "Bạn không có quyền thực hiện bước xử lý này.",
    "handling_text_missing": "Chưa nhập nội dung bắt buộc.",
    "handling_text_too_long": "Nội dung quá dài.",
    "handling_due_past": "Hạn xử lý không được trước ngày hôm nay.",
    "leader_unknown": "Không phải tài khoản lãnh đạo.",
    "assignee_unknown": "Không có đơn vị hay chuyên viên này.",
    "assignment_not_found": "Không có phần việc này.",
    "assignment_closed": "Phần việc này đã hoàn thành.",
    "answer_not_found": "Sổ văn bản đi không có văn bản trả lời này.",
    "answer_file_missing": "Chưa chọn tệp văn bản trả lời.",
    "answer_file_empty": "Tệp văn bản trả lời rỗng.",
    "answer_file_too_large": "Tệp văn bản trả lời quá lớn.",
    "answer_file_unsaved": "Không lưu được tệp văn bản trả lời.",
    "user_unknown": "Không có người dùng này.",
    "email_not_configured": "Chưa cấu hình máy chủ thư.",
    "email_failed": "Không gửi được thư.",
    "archive_no_date": "Không đọc được dấu CV đến hay ngày tháng của văn bản nên không biết ngày đến.",
    "register_unreadable": "Không đọc được tệp Excel sổ đăng ký (tệp hỏng hoặc không phải .xlsx).",
    "register_no_header": "Không tìm thấy dòng tiêu đề của sổ đăng ký (Số đến, Ngày đến, Số ký hiệu, …).",
    # Electronic exchange (edXML, service.exchange)
    "edxml_dtd": "Gói tin edXML có khai báo DTD hoặc thực thể XML (có thể là tệp độc hại), không xử lý.",
    "edxml_invalid": "Gói tin edXML không đọc được phần thông tin văn bản (header) hoặc thiếu thông tin bắt buộc.",
    "edxml_not_base64": "Tệp đính kèm trong gói tin edXML không đúng mã hóa base64.",
    "edxml_attachment_too_large": "Tệp đính kèm trong gói tin edXML vượt quá dung lượng cho phép.",
    "edxml_bad_attachment": "Tệp đính kèm trong gói tin edXML bị hỏng, không mở được.",
    "edxml_not_ours": "Gói tin edXML không gửi cho cơ quan này (mã định danh nơi nhận không khớp).",
    "edxml_unknown_target": "Gói tin thu hồi, cập nhật hoặc thay thế một văn bản chưa có trong sổ văn bản đến.",
    "edxml_unknown_document": "Thông điệp trạng thái nói về một văn bản đi không có trong sổ văn bản đi.",
    "exchange_no_pdf": "Không tìm thấy bản PDF đã ký của văn bản đi để gửi điện tử.",
    "exchange_unknown_outgoing": "Không có văn bản đi này trong sổ văn bản đi.",
    "exchange_unknown_document": "Văn bản đến này không nhận qua trục liên thông (không có gói tin edXML).",
    "exchange_send_failed": "Không gửi được gói tin lên hệ thống liên thông; sẽ gửi lại.",
    "exchange_auth_failed": "Hệ thống liên thông từ chối thông tin xác thực (mã hệ thống, mật khẩu).",
    "exchange_off": "Chưa bật liên thông văn bản điện tử (exchange.transport: off) hoặc chưa khai mã định danh.",
    "exchange_refused_already": "Văn bản này đã bị từ chối hoặc thu hồi trước đó.",
    "exchange_refuse_reason": "Nhập lý do từ chối để báo lại nơi gửi.",
    "directory_invalid": "Tệp danh bạ mã định danh không hợp lệ.",
    "usage": "Lệnh gõ chưa đúng.",
    "usage_missing": "Thiếu tham số hoặc tùy chọn bắt buộc.",
    "usage_invalid_value": "Giá trị không hợp lệ.",
    "usage_no_such_option": "Không có tùy chọn này.",
    "usage_bad_option": "Tùy chọn dùng chưa đúng.",
    "usage_no_such_command": "Không có lệnh này.",
}
