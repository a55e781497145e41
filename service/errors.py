"""Errors with a stable code for the log and a Vietnamese sentence for the clerk."""

from __future__ import annotations

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
    "invalid_requirement": "Yêu cầu báo cáo không hợp lệ.",
    "requirement_not_found": "Không có yêu cầu báo cáo này.",
    "invalid_link": "Liên kết báo cáo không hợp lệ.",
    "link_not_found": "Không có liên kết báo cáo này.",
    "invalid_period": "Kỳ báo cáo không thuộc yêu cầu báo cáo.",
    "unit_not_owing": "Đơn vị không phải báo cáo theo yêu cầu này.",
    "draft_not_found": "Không tìm thấy dự thảo.",
    "draft_not_pending": "Dự thảo không ở trạng thái chờ ký (đã ban hành hoặc đã trả lại).",
    "draft_kind_unknown": "Loại dự thảo không hợp lệ (reply, reminder, summary, plan).",
    "draft_placeholder": "Dự thảo còn chỗ chưa viết (trong ngoặc vuông [ ], hoặc số, ngày của văn bản đến còn «…»): "
    "xem mục «Còn phần phải viết» trên trang dự thảo.",
    "draft_not_editable": "Dự thảo đã ban hành, không sửa được nữa.",
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
    "user_unknown": "Không có người dùng này.",
    "email_not_configured": "Chưa cấu hình máy chủ thư.",
    "email_failed": "Không gửi được thư.",
    "archive_no_date": "Không đọc được dấu CV đến hay ngày tháng của văn bản nên không biết ngày đến.",
    "register_unreadable": "Không đọc được tệp Excel sổ đăng ký (tệp hỏng hoặc không phải .xlsx).",
    "register_no_header": "Không tìm thấy dòng tiêu đề của sổ đăng ký (Số đến, Ngày đến, Số ký hiệu, …).",
}


class VanthuError(Exception):
    """An error that knows its stable code and how to say it to a clerk."""

    def __init__(self, code: str, detail: str = "", message: str | None = None):
        self.code = code
        self.detail = detail
        self.message = message or MESSAGES.get(code, MESSAGES["internal"])
        super().__init__(f"{code}: {detail}" if detail else code)


class ReadError(VanthuError):
    """A file could not be read into text."""


class ConfigError(Exception):
    """A refused configuration: names the file, the key and a hint."""

    def __init__(self, path: str, key: str, problem: str, hint: str = ""):
        self.path, self.key, self.problem, self.hint = path, key, problem, hint
        msg = f"{path}: {key}: {problem}"
        if hint:
            msg += f" (hint: {hint})"
        super().__init__(msg)
