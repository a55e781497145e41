"""The fixed wording of administrative documents (văn phong hành chính): Nghị định 30/2020's
national title, motto, type names, signing marks and recipients, and the formulas every plan, report,
directive, decision, notice and official letter is written in. The base of the syllable model, before
the office's own documents add theirs.
"""

from __future__ import annotations

DECREE_PHRASES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM. Độc lập - Tự do - Hạnh phúc.",
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập, Tự do, Hạnh phúc.",
    "ỦY BAN NHÂN DÂN TỈNH. ỦY BAN NHÂN DÂN HUYỆN. ỦY BAN NHÂN DÂN XÃ. ỦY BAN NHÂN DÂN PHƯỜNG.",
    "HỘI ĐỒNG NHÂN DÂN TỈNH. VĂN PHÒNG ỦY BAN NHÂN DÂN. SỞ NỘI VỤ. BỘ NỘI VỤ. VĂN PHÒNG CHÍNH PHỦ.",
    "Số: /KH-UBND. Số: /QĐ-UBND. Số: /BC-UBND. Số: /TB-UBND. V/v triển khai thực hiện.",
    "Nghị quyết. Quyết định. Chỉ thị. Quy chế. Quy định. Thông cáo. Thông báo. Hướng dẫn.",
    "Chương trình. Kế hoạch. Phương án. Đề án. Dự án. Báo cáo. Biên bản. Tờ trình. Hợp đồng.",
    "Công văn. Công điện. Bản ghi nhớ. Bản thỏa thuận. Giấy ủy quyền. Giấy mời. Giấy giới thiệu.",
    "Giấy nghỉ phép. Phiếu gửi. Phiếu chuyển. Phiếu báo. Bản sao y. Bản trích sao. Bản sao lục.",
    "Nghị định. Thông tư. Thông tư liên tịch. Luật. Bộ luật. Pháp lệnh. Hiến pháp. Kết luận.",
    # The signing block as it is mostly written, common titles only: not the whole list of
    # service/text/titles.py, where a rare title weighs as much as a common one (tried: the corrector's
    # output moved both ways, 59 words made right and 55 wrong over bench/correction_same.py's texts).
    "TM. ỦY BAN NHÂN DÂN. CHỦ TỊCH. KT. CHỦ TỊCH. PHÓ CHỦ TỊCH. TL. CHỦ TỊCH. TUQ. CHỦ TỊCH.",
    "KT. GIÁM ĐỐC. PHÓ GIÁM ĐỐC. GIÁM ĐỐC. KT. BỘ TRƯỞNG. THỨ TRƯỞNG. BỘ TRƯỞNG. TRƯỞNG PHÒNG.",
    "KT. THỦ TƯỚNG. PHÓ THỦ TƯỚNG. THỦ TƯỚNG. CHÁNH VĂN PHÒNG. PHÓ CHÁNH VĂN PHÒNG. TRƯỞNG BAN.",
    "TM. HỘI ĐỒNG NHÂN DÂN. TM. BAN CHỈ ĐẠO. TRƯỞNG BAN. PHÓ TRƯỞNG BAN. CHÁNH THANH TRA.",
    "Nơi nhận: Như trên; Như Điều 3; Lưu: VT. Lưu: VT, NV. Lưu: văn thư. Kính gửi:",
    "Thường trực Tỉnh ủy; Thường trực Hội đồng nhân dân tỉnh; Chủ tịch, các Phó Chủ tịch UBND tỉnh;",
    "Các sở, ban, ngành thuộc tỉnh; Ủy ban nhân dân các huyện, thị xã, thành phố; Cổng thông tin điện tử.",
    "Các cơ quan, ban, ngành, đoàn thể huyện; Ủy ban nhân dân các xã, phường, thị trấn.",
    "Trang thông tin điện tử; Các đồng chí thành viên; Các doanh nghiệp trên địa bàn.",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền "
    "địa phương ngày 22 tháng 11 năm 2019;",
    "Căn cứ Luật Ban hành văn bản quy phạm pháp luật; Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 "
    "năm 2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Luật Thi đua, Khen thưởng; Căn cứ Luật Cán bộ, công chức; Căn cứ Luật Viên chức;",
    "Căn cứ Luật Ngân sách nhà nước; Căn cứ Luật Đầu tư công; Căn cứ Luật Đất đai;",
    "Thực hiện Kế hoạch số của Ủy ban nhân dân tỉnh về việc tổ chức thực hiện;",
    "Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh tại Công văn số;",
    "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số;",
    "Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh;",
    "Xét đề nghị của Trưởng phòng Nội vụ huyện;",
    "QUYẾT ĐỊNH: Điều 1. Điều 2. Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
    "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị và các cá "
    "nhân có liên quan chịu trách nhiệm thi hành Quyết định này.",
    "Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành và thay thế quyết định trước đây.",
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU. 1. Mục đích. 2. Yêu cầu. II. NỘI DUNG. III. TỔ CHỨC THỰC HIỆN.",
    "IV. KINH PHÍ THỰC HIỆN. V. CHẾ ĐỘ BÁO CÁO. VI. TIẾN ĐỘ THỰC HIỆN. NHIỆM VỤ VÀ GIẢI PHÁP.",
    "Nâng cao nhận thức, trách nhiệm của các cấp, các ngành, cán bộ, công chức, viên chức và người lao động.",
    "Tổ chức thực hiện nghiêm túc, thiết thực, hiệu quả, phù hợp với điều kiện thực tế của địa phương.",
    "Bảo đảm sự lãnh đạo, chỉ đạo thống nhất của cấp ủy, chính quyền các cấp.",
    "Các cơ quan, đơn vị căn cứ chức năng, nhiệm vụ được giao chủ động triển khai thực hiện.",
    "Các cơ quan, đơn vị có liên quan phối hợp chặt chẽ trong quá trình tổ chức thực hiện.",
    "Chủ trì, phối hợp với các cơ quan, đơn vị có liên quan tham mưu Ủy ban nhân dân tỉnh.",
    "Tham mưu Ủy ban nhân dân tỉnh chỉ đạo, đôn đốc, kiểm tra việc thực hiện.",
    "Định kỳ hằng năm báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh qua Sở Nội vụ để tổng hợp.",
    "Báo cáo kết quả thực hiện trước ngày 15 tháng 12 hằng năm.",
    "Báo cáo định kỳ sáu tháng, hằng năm và báo cáo đột xuất khi có yêu cầu.",
    "Chậm nhất ngày 30 tháng 11, gửi báo cáo về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
    "Trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản này.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời về "
    "Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh xem xét, giải quyết.",
    "Đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện.",
    "Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành và Ủy ban nhân dân các huyện nghiêm túc triển "
    "khai thực hiện.",
    "Giao Sở Nội vụ theo dõi, đôn đốc, kiểm tra việc thực hiện Chỉ thị này.",
    "Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch Ủy ban nhân dân tỉnh.",
    "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc các sở, Thủ trưởng các ban, ngành.",
    "Tăng cường công tác lãnh đạo, chỉ đạo, kiểm tra, giám sát việc thực hiện nhiệm vụ.",
    "Đẩy mạnh công tác tuyên truyền, phổ biến, giáo dục pháp luật cho cán bộ và nhân dân.",
    "Tuyên truyền sâu rộng trên các phương tiện thông tin đại chúng.",
    "Phong trào thi đua yêu nước; tổ chức phát động phong trào thi đua; sơ kết, tổng kết phong trào.",
    "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025.",
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới; phát triển kinh tế - xã hội vùng đồng bào "
    "dân tộc thiểu số và miền núi.",
    "Kế hoạch phát triển kinh tế - xã hội; dự toán ngân sách nhà nước; kế hoạch đầu tư công trung hạn.",
    "Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn "
    "huy động hợp pháp khác.",
    "Về việc điều chỉnh dự toán ngân sách; về việc phân bổ kinh phí; về việc giao chỉ tiêu kế hoạch.",
    "Về việc triển khai thực hiện; về việc tăng cường công tác; về việc đề nghị phối hợp.",
    "Về việc phê duyệt kế hoạch; về việc thành lập Ban Chỉ đạo; về việc kiện toàn Hội đồng.",
    "Về việc bổ nhiệm, bổ nhiệm lại, miễn nhiệm, điều động, luân chuyển cán bộ.",
    "Về việc báo cáo kết quả thực hiện; về việc cung cấp thông tin, số liệu; về việc góp ý dự thảo.",
    "Về việc xin ý kiến; về việc trả lời kiến nghị của cử tri; về việc giải quyết đơn thư.",
    "Về việc tổ chức hội nghị; về việc mời họp; về việc tham dự lớp bồi dưỡng.",
    "Thông báo kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại cuộc họp.",
    "Thông báo ý kiến chỉ đạo của Phó Chủ tịch Ủy ban nhân dân tỉnh.",
    "Tờ trình về việc đề nghị phê duyệt; Tờ trình đề nghị ban hành nghị quyết.",
    "Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định.",
    "Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, thông qua.",
    "Báo cáo tình hình kinh tế - xã hội; báo cáo công tác cải cách hành chính; báo cáo sơ kết, tổng kết.",
    "Báo cáo đề xuất; báo cáo kết quả kiểm tra; báo cáo tình hình thực hiện nhiệm vụ.",
    "Đánh giá kết quả đạt được, những tồn tại, hạn chế, nguyên nhân và bài học kinh nghiệm.",
    "Đề xuất, kiến nghị; phương hướng, nhiệm vụ trong thời gian tới.",
    "Cải cách hành chính; chuyển đổi số; chính quyền điện tử; dịch vụ công trực tuyến.",
    "Thủ tục hành chính; một cửa, một cửa liên thông; hồ sơ công việc; lưu trữ hồ sơ.",
    "Văn bản điện tử; chữ ký số; hệ thống quản lý văn bản và điều hành.",
    "Ứng dụng khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực; thực hành tiết kiệm, chống lãng phí.",
    "Phòng, chống thiên tai; khắc phục hậu quả thiên tai, bão, lũ; cứu trợ, hỗ trợ nhân dân.",
    "Bảo đảm an ninh chính trị, trật tự, an toàn xã hội trên địa bàn.",
    "Phòng cháy, chữa cháy; an toàn giao thông; phòng, chống tội phạm và tệ nạn xã hội.",
    "Quản lý, sử dụng đất đai; bảo vệ môi trường; tài nguyên nước; khoáng sản.",
    "Giáo dục và đào tạo; y tế; văn hóa, thể thao và du lịch; lao động, việc làm.",
    "Tổ chức bộ máy; biên chế; vị trí việc làm; tinh giản biên chế; sắp xếp đơn vị hành chính.",
    "Tuyển dụng, sử dụng, quản lý cán bộ, công chức, viên chức; đánh giá, xếp loại chất lượng.",
    "Thi đua, khen thưởng; danh hiệu thi đua; Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh.",
    "Tiếp công dân; giải quyết khiếu nại, tố cáo; kiến nghị, phản ánh của người dân và doanh nghiệp.",
    "Ban Chỉ đạo; Hội đồng thẩm định; Tổ công tác; thành viên Ban Chỉ đạo; cơ quan thường trực.",
    "Sở Lao động - Thương binh và Xã hội; Phòng Lao động - Thương binh và Xã hội.",
    "Sở Kế hoạch và Đầu tư; Sở Tài chính; Sở Tư pháp; Sở Y tế; Sở Giáo dục và Đào tạo.",
    "Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội các cấp.",
    "Hội Liên hiệp Phụ nữ; Hội Nông dân; Hội Cựu chiến binh; Đoàn Thanh niên Cộng sản Hồ Chí Minh.",
    "Huyện ủy, Hội đồng nhân dân, Ủy ban nhân dân huyện; Đảng ủy, Hội đồng nhân dân, Ủy ban nhân dân xã.",
    "Đảng và Nhà nước; chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    "Hồ sơ gồm: tờ trình, dự thảo quyết định, báo cáo thẩm định và các tài liệu có liên quan.",
    "Thời gian: vào lúc 8 giờ 00 phút, ngày; Địa điểm: Hội trường Ủy ban nhân dân tỉnh.",
    "Thành phần: đại diện lãnh đạo các sở, ban, ngành; Ủy ban nhân dân các huyện.",
    "Kính mời đồng chí đến dự đúng thời gian và địa điểm nêu trên.",
    "Để kịp thời tổng hợp, báo cáo cấp có thẩm quyền theo quy định.",
    "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị, địa phương khẩn trương triển khai thực hiện.",
    "Ủy ban nhân dân tỉnh giao các cơ quan, đơn vị thực hiện một số nội dung sau:",
    "Nhằm tiếp tục nâng cao hiệu lực, hiệu quả quản lý nhà nước trên địa bàn tỉnh.",
    "Để khắc phục những tồn tại, hạn chế nêu trên, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:",
    "Đây là nhiệm vụ trọng tâm, thường xuyên, lâu dài của các cấp, các ngành.",
    "Trên cơ sở đó, đề xuất giải pháp phù hợp để tổ chức thực hiện có hiệu quả.",
    "Người đứng đầu cơ quan, đơn vị chịu trách nhiệm nếu để xảy ra chậm trễ.",
    "Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức.",
    "Ban hành kèm theo Quyết định này Quy chế làm việc.",
    "Phụ lục kèm theo; Danh sách kèm theo; Biểu mẫu kèm theo.",
)


# The commonest words of administrative and news Vietnamese, commonest first, a comma between words (a
# word may be several syllables: "tổ chức"). Where the office's own documents have not yet said how
# often a word is written, this says it ("không" far more often than "khống", "tổ chức" than "tố
# chức"). Counts fall with rank (Zipf).
COMMON_WORDS = """
và, của, các, có, trong, được, là, cho, với, không, những, này, một, người, đã, để, thực hiện, theo,
về, tại, nhân dân, ban hành, công tác, năm, ngày, tháng, đến, từ, trên, quản lý, nhà nước, đơn vị,
cơ quan, tỉnh, huyện, xã, phòng, sở, bộ, chính phủ, ủy ban, tổ chức, việc, báo cáo, kế hoạch,
quyết định, thông tin, số, đồng chí, phát triển, kinh tế, xã hội, hoạt động, kết quả, nội dung,
yêu cầu, đề nghị, trách nhiệm, đối với, tình hình, chỉ đạo, triển khai, các cấp, ngành, địa phương,
trên địa bàn, thời gian, trước, sau, khi, cũng, như, đó, còn, phải, sẽ, nên, vì, nhưng, hoặc, nếu,
thì, mà, do, bị, đang, rất, nhiều, hơn, nhất, đều, cùng, lại, ra, vào, lên, xuống, ở, qua, bằng,
giữa, dưới, ngoài, khác, mới, lớn, nhỏ, cao, thấp, tốt, văn bản, thủ tục, hồ sơ, giải quyết,
phối hợp, chủ trì, kiểm tra, giám sát, đánh giá, tổng hợp, xây dựng, tăng cường, nâng cao,
bảo đảm, đảm bảo, chủ động, kịp thời, nghiêm túc, hiệu quả, thiết thực, chương trình, mục tiêu,
nhiệm vụ, giải pháp, chính sách, pháp luật, quy định, hướng dẫn, thông tư, nghị định, nghị quyết,
luật, điều, khoản, mục, phần, chương, phụ lục, kèm theo, danh sách, biểu mẫu, cán bộ, công chức,
viên chức, người lao động, nhân viên, lãnh đạo, chủ tịch, phó chủ tịch, giám đốc, phó giám đốc,
trưởng phòng, thành phố, thị trấn, phường, quận, thị xã, thôn, bản, tổ dân phố, khu vực, vùng,
miền núi, đồng bằng, ngân sách, kinh phí, tài chính, đầu tư, dự án, công trình, đất đai,
tài nguyên, môi trường, giáo dục, đào tạo, y tế, văn hóa, thể thao, du lịch, lao động,
thương binh, nông nghiệp, nông thôn, an ninh, quốc phòng, trật tự, an toàn, giao thông,
phòng cháy, chữa cháy, thiên tai, bão lũ, thông báo, giấy mời, tờ trình, công văn, chỉ thị,
biên bản, phương án, đề án, căn cứ, xét, kính gửi, nơi nhận, lưu, như trên, độc lập, tự do,
hạnh phúc, cộng hòa, việt nam, chủ nghĩa, đảng, mặt trận tổ quốc, đoàn thể, hội đồng, thanh niên,
phụ nữ, nông dân, cựu chiến binh, doanh nghiệp, hợp tác xã, hộ gia đình, cá nhân, tập thể,
cộng đồng, dân cư, người dân, đồng bào, dân tộc thiểu số, tôn giáo, hộ nghèo, cận nghèo,
giảm nghèo, bền vững, giúp đỡ, hỗ trợ, chăm lo, đời sống, vật chất, tinh thần, phong trào,
thi đua, khen thưởng, biểu dương, điển hình, tiên tiến, sáng kiến, kinh nghiệm, sơ kết, tổng kết,
giai đoạn, nhiệm kỳ, đợt, lần, kỳ, quý, hằng năm, hằng tháng, hằng quý, định kỳ, đột xuất,
chậm nhất, tiếp tục, đẩy mạnh, thúc đẩy, tập trung, quan tâm, điều hành, thống nhất, đồng bộ,
toàn diện, khó khăn, vướng mắc, tồn tại, hạn chế, nguyên nhân, bài học, phương hướng, đề xuất,
kiến nghị, tuyên truyền, phổ biến, vận động, nhận thức, ý thức, kỷ luật, kỷ cương, cải cách hành chính,
chuyển đổi số, điện tử, trực tuyến, dịch vụ công, một cửa, liên thông, ứng dụng, công nghệ,
khoa học, đổi mới, sáng tạo, nghiên cứu, thông minh, dữ liệu, hệ thống, sản xuất, kinh doanh,
thương mại, dịch vụ, thị trường, giá cả, thu nhập, việc làm, học sinh, sinh viên, giáo viên,
trường học, lớp học, chất lượng, phổ thông, mầm non, bệnh viện, trạm y tế, khám chữa bệnh,
dịch bệnh, phòng chống, sức khỏe, bảo hiểm, đường, cầu, thủy lợi, điện, nước sạch, nhà ở,
quy hoạch, rừng, cây trồng, vật nuôi, chăn nuôi, thủy sản, sản phẩm, hàng hóa, thuế, phí,
lệ phí, thu, chi, quyết toán, dự toán, phân bổ, giao, bổ sung, điều chỉnh, tiền, vốn, nguồn,
tín dụng, ngân hàng, kho bạc, thanh tra, khiếu nại, tố cáo, tiếp công dân, đơn thư, vụ việc,
xử lý, vi phạm, tòa án, viện kiểm sát, công an, quân sự, biên phòng, hải quan, bầu cử, đại biểu,
cử tri, kỳ họp, hội nghị, cuộc họp, làm việc, ông, bà, anh, chị, em, mọi, toàn thể, tất cả,
mỗi, từng, hai, ba, bốn, sáu, bảy, tám, chín, mười, trăm, nghìn, triệu, tỷ, phần trăm, đầu, cuối,
bên cạnh, phía, hướng, nay, kia, ấy, nào, gì, sao, thế, vậy, đây, vừa, chưa, chẳng, làm, đi, về,
đưa, gửi, nhận, cấp, trao, biết, thấy, nghe, nói, hỏi, trả lời, nêu, ghi, xem, đọc, viết, ai,
đâu, bao giờ, bao nhiêu, lợi ích, sự nghiệp, có thể, cần, cần thiết, cụ thể, thể hiện, toàn thể,
được phép, nhằm, mục đích, thời điểm, thời hạn, kể từ, hết hạn, gia hạn, khẩn trương, chặt chẽ,
rõ ràng, đầy đủ, chính xác, hoàn thành, hoàn thiện, chuẩn bị, sắp xếp, bố trí, ý kiến, góp ý,
thẩm định, thẩm tra, thẩm quyền, phê duyệt, thông qua, sửa đổi, thay thế, bãi bỏ, hiệu lực,
thi hành, áp dụng, quyền, nghĩa vụ, hợp pháp, chính đáng, điều kiện, điều tra, tổng số, tổng cộng,
cổng thông tin, trang thông tin, thành viên, thường trực, thường xuyên, tiếp nhận, tiếp cận,
kiểm soát, kiểm kê, lấy ý kiến, ý kiến góp ý, đổi mới, thay đổi, chuyển giao, chuyển đổi
"""


def base_text() -> str:
    """The phrases as one text, a sentence a line."""
    return "\n".join(DECREE_PHRASES)


def common_counts(top: float = 400.0) -> dict[str, float]:
    """Pseudo-counts of the common words' syllables and of the pairs inside each word: ``top`` for the
    first word, falling with rank."""
    out: dict[str, float] = {}
    words = [w.strip() for w in COMMON_WORDS.replace("\n", " ").split(",")]
    for rank, word in enumerate(dict.fromkeys(w for w in words if w), 1):
        syllables = word.split()
        for i, syllable in enumerate(syllables):
            out[syllable] = out.get(syllable, 0.0) + top / rank
            if i:
                pair = f"{syllables[i - 1]} {syllable}"
                out[pair] = out.get(pair, 0.0) + top / rank
    return out
