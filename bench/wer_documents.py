"""Documents written for the OCR word-error-rate set (bench/bench_ocr_correction.py): administrative
Vietnamese of the kinds an office receives, in wording of their own (none of it is in the
corrector's base phrases), each a list of paragraphs; the first lines are the header."""

from __future__ import annotations

DOCUMENTS: dict[str, list[str]] = {
    "cv-phong-chong-lu": [
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Số: 1187/UBND-NL2",
        "V/v chủ động ứng phó với mưa lớn, lũ quét và sạt lở đất",
        "Hà Tĩnh, ngày 14 tháng 9 năm 2024",
        "Kính gửi: Giám đốc các sở, ngành; Chủ tịch Ủy ban nhân dân các huyện, thành phố, thị xã.",
        "Theo bản tin của Đài Khí tượng thủy văn tỉnh, từ đêm nay đến hết ngày 17 tháng 9, trên địa bàn "
        "tỉnh có mưa to đến rất to, lượng mưa phổ biến từ 150 đến 250 mi-li-mét, có nơi trên 300 mi-li-mét. "
        "Nguy cơ cao xảy ra lũ quét ở các vùng núi, sạt lở đất ở các sườn dốc và ngập úng tại vùng trũng thấp.",
        "Để chủ động phòng tránh, hạn chế thấp nhất thiệt hại về người và tài sản, Chủ tịch Ủy ban nhân dân "
        "tỉnh yêu cầu các địa phương tổ chức trực ban nghiêm túc, theo dõi chặt chẽ diễn biến thời tiết; "
        "kiểm tra, rà soát các khu dân cư ven sông, suối, nơi có nguy cơ sạt lở để kịp thời di dời người dân "
        "đến nơi an toàn.",
        "Bố trí lực lượng, phương tiện canh gác tại các ngầm, tràn, đoạn đường bị ngập sâu; kiên quyết không "
        "để người và phương tiện qua lại khi chưa bảo đảm an toàn. Chuẩn bị sẵn lương thực, thuốc men, nước "
        "uống cho các khu vực có thể bị chia cắt.",
        "Sở Nông nghiệp và Môi trường theo dõi tình hình hồ chứa, chỉ đạo vận hành điều tiết đúng quy trình; "
        "báo cáo kết quả triển khai và tình hình thiệt hại về Văn phòng thường trực Ban Chỉ huy phòng, chống "
        "thiên tai tỉnh trước 16 giờ hằng ngày.",
    ],
    "bc-giao-duc": [
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
        "Số: 215/BC-PGDĐT",
        "BÁO CÁO",
        "Kết quả thực hiện nhiệm vụ năm học 2023 - 2024 và phương hướng năm học mới",
        "Năm học vừa qua, toàn ngành có 42 trường học với hơn mười một nghìn học sinh. Tỷ lệ huy động trẻ "
        "trong độ tuổi đến lớp đạt chín mươi tám phần trăm; không có học sinh bỏ học giữa chừng. Chất lượng "
        "giáo dục toàn diện được nâng lên, số học sinh đạt giải trong các kỳ thi cấp tỉnh tăng so với năm trước.",
        "Công tác xây dựng trường chuẩn quốc gia tiếp tục được quan tâm; đã có thêm ba trường được công nhận "
        "đạt chuẩn mức độ một. Cơ sở vật chất, thiết bị dạy học được bổ sung, nhiều phòng học tạm đã được thay "
        "thế bằng phòng học kiên cố.",
        "Bên cạnh những kết quả đạt được, ngành vẫn còn thiếu giáo viên ở một số môn học như tin học, ngoại "
        "ngữ và nghệ thuật; điều kiện học tập ở các điểm trường lẻ vùng sâu còn nhiều khó khăn.",
        "Trong năm học tới, ngành tập trung đổi mới phương pháp dạy học, đẩy mạnh ứng dụng công nghệ thông "
        "tin trong quản lý và giảng dạy, tăng cường giáo dục kỹ năng sống, phòng chống đuối nước cho học sinh "
        "và tiếp tục sắp xếp mạng lưới trường lớp hợp lý.",
    ],
    "kh-chuyen-doi-so": [
        "ỦY BAN NHÂN DÂN XÃ BẢN BO",
        "Số: 36/KH-UBND",
        "KẾ HOẠCH",
        "Triển khai Tổ công nghệ số cộng đồng trên địa bàn xã năm 2025",
        "Nhằm giúp người dân tiếp cận và sử dụng các nền tảng số, Ủy ban nhân dân xã xây dựng kế hoạch như sau.",
        "Mỗi thôn, bản thành lập một tổ công nghệ số cộng đồng gồm trưởng thôn, bí thư chi bộ, đoàn viên "
        "thanh niên và những người có hiểu biết về điện thoại thông minh. Các tổ đến từng hộ gia đình hướng "
        "dẫn cài đặt ứng dụng định danh điện tử, thanh toán không dùng tiền mặt và nộp hồ sơ trực tuyến.",
        "Công chức văn hóa - xã hội phối hợp với Đoàn Thanh niên mở lớp tập huấn cho các thành viên tổ trước "
        "ngày 30 tháng 4. Bưu điện văn hóa xã hỗ trợ người cao tuổi và người khuyết tật khi làm thủ tục.",
        "Các tổ tổng hợp kết quả hằng tháng, gửi về Ủy ban nhân dân xã trước ngày 25 để theo dõi; cuối năm "
        "tổ chức sơ kết, biểu dương những tổ làm tốt.",
    ],
    "tb-lich-tiep-dan": [
        "VĂN PHÒNG HỘI ĐỒNG NHÂN DÂN VÀ ỦY BAN NHÂN DÂN",
        "Số: 58/TB-VP",
        "THÔNG BÁO",
        "Lịch tiếp công dân định kỳ của lãnh đạo quý III năm 2024",
        "Văn phòng thông báo lịch tiếp công dân định kỳ của Chủ tịch và các Phó Chủ tịch như sau: ngày 10 "
        "tháng 7 do Chủ tịch chủ trì; ngày 12 tháng 8 do Phó Chủ tịch phụ trách kinh tế chủ trì; ngày 11 "
        "tháng 9 do Phó Chủ tịch phụ trách văn hóa, xã hội chủ trì.",
        "Địa điểm tiếp tại trụ sở Ban Tiếp công dân, số 05 đường Trần Phú. Công dân đến trình bày khiếu nại, "
        "tố cáo, kiến nghị mang theo giấy tờ tùy thân và các tài liệu liên quan; trường hợp ủy quyền phải có "
        "văn bản ủy quyền hợp lệ.",
        "Thanh tra và các phòng chuyên môn cử cán bộ tham gia, chuẩn bị hồ sơ các vụ việc đã được giao giải "
        "quyết để lãnh đạo trả lời trực tiếp cho công dân.",
    ],
}
